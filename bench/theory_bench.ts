// RS solver timings (issue: finite-beta solve for b <= 4 under 1 ms median, zero temperature
// under 0.2 ms; a numpy implementation of the same iteration takes about 5 ms a point).
import { solveRs } from "../lib/theory/rs.ts";
import { solveZeroTemperature } from "../lib/theory/zero_temperature.ts";
import { uniformQuantizer } from "../lib/quantizers/uniform.ts";

for (const bits of [1, 2, 3, 4]) {
  const quantizer = uniformQuantizer({ bits, width: 1.5 });
  for (const beta of [1, 10, 100]) {
    Deno.bench(
      `RS solve, cold start, b=${bits}, beta=${beta}, alpha=2`,
      { group: `rs b=${bits}` },
      () => {
        const s = solveRs({ alpha: 2, beta, sigma2: 0.1, quantizer });
        if (!s.converged) throw new Error("not converged");
      },
    );
  }
}

for (const bits of [1, 4, 8]) {
  const quantizer = uniformQuantizer({ bits, width: 1.5 });
  Deno.bench(`zero-temperature solve, b=${bits}, alpha=2`, { group: "zero temperature" }, () => {
    const s = solveZeroTemperature({ alpha: 2, sigma2: 0.1, quantizer });
    if (!s.converged) throw new Error("not converged");
  });
}
