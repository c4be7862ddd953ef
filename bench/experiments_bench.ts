// Experiments timings. Target: a 64 × 64 (width × alpha) phase diagram with its AT line in
// under 2 s wall on 2 cores from a cold start (`time deno run -A` of the same call measured
// 0.75 s wall including start-up; here the process is warm but each run spawns new workers).
import { computePhaseDiagram } from "../lib/experiments/phase_diagram.ts";
import { transitionLines } from "../lib/experiments/transition_lines.ts";
import { optimalWidth } from "../lib/experiments/optimal_width.ts";
import { ptqTheory } from "../lib/experiments/ptq.ts";
import { runSweep } from "../lib/experiments/sweep.ts";
import type { ExperimentParams } from "../lib/experiments/params.ts";

const P: ExperimentParams = {
  alpha: 2,
  beta: 10,
  sigma2: 0.1,
  quantizer: { quantizer: "uniform", bits: 2, width: 1 },
};

for (const workers of [1, 2]) {
  Deno.bench(
    `phase diagram 64 × 64 (width × alpha), bits 2, beta 10, ${workers} worker(s)`,
    { group: "phase diagram", n: 3, warmup: 0 },
    async () => {
      const d = await computePhaseDiagram(P, {
        x: { parameter: "width", from: 0.1, to: 4, samples: 64 },
        y: { parameter: "alpha", from: 0.2, to: 4, samples: 64 },
        workers,
      });
      if (!d.converged || d.atLine.every((r) => r.crossings.length === 0)) throw new Error();
    },
  );
}

Deno.bench("transition lines along width (48-point scan + Brent), bits 2", () => {
  const t = transitionLines(P, { vary: "width", from: 0.1, to: 5 });
  if (t.at.length !== 1) throw new Error();
});

Deno.bench("optimal width (genError), bits 3, beta 10", () => {
  const r = optimalWidth({ ...P, quantizer: { quantizer: "uniform", bits: 3 } });
  if (!r.converged) throw new Error();
});

Deno.bench("PTQ theory with both optimal widths, bits 2, beta inf", () => {
  const r = ptqTheory({ ...P, beta: Infinity });
  if (!r.converged) throw new Error();
});

Deno.bench("sweep of 100 points (10 alpha × 10 width), beta 10", () => {
  const r = runSweep({
    alpha: Array.from({ length: 10 }, (_, i) => 0.5 + i * 0.4),
    width: Array.from({ length: 10 }, (_, i) => 0.5 + i * 0.3),
    beta: [10],
    sigma2: [0.1],
  });
  if (!r.converged) throw new Error();
});
