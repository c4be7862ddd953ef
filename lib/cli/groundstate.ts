/**
 * `typiquant groundstate`: finite-N ground states at beta = ∞ (docs/theory.md §3b, "Finite-N
 * ground truth") on synthetic instances, one per seed (in module workers): exact sphere
 * decoding (default), exact meet-in-the-middle enumeration or simulated annealing (an upper
 * bound), with the mean and standard error over seeds and the RS ground state alongside.
 *
 * @module
 */
import { formatValue, printLine, toJson } from "./output.ts";
import {
  checkBudget,
  flagGiven,
  modelFromFlags,
  numberFlag,
  parseFlags,
  parseList,
  UsageError,
} from "./flags.ts";
import { seedList } from "./amp.ts";
import { solveOneRsbGroundState } from "../theory/one_rsb_ground_state.ts";
import { ANNEAL_LIMITS, type AnnealOptions } from "../algorithms/ground_state_anneal.ts";
import {
  checkEnumerationSize,
  DEFAULT_MAX_CONFIGURATIONS,
  MAX_CONFIGURATIONS_LIMIT,
} from "../algorithms/ground_state_enumerate.ts";
import {
  DEFAULT_MAX_NODES,
  MAX_NODES_LIMIT,
  SPHERE_MAX_N,
} from "../algorithms/ground_state_sphere.ts";
import {
  FINITE_SIZE_MODELS,
  fitFiniteSize,
  GROUND_STATE_FIELDS,
  type GroundStateSeries,
  groundStateSeries,
} from "../experiments/ground_state_series.ts";

/** Work bound of one `groundstate` call (multiply-adds; ~30 min at ~1.5 ns each). */
export const GROUNDSTATE_MAX_WORK = 1e12;

/** Memory bound of the annealing instances held at once (bytes). */
export const GROUNDSTATE_MAX_BYTES = 2e9;

/** Help text of `groundstate`. */
export const GROUNDSTATE_USAGE =
  `typiquant groundstate: training-error minimisers (beta = inf) on synthetic instances, one per seed
  model flags as for \`rs\` (--alpha, --quantizer, --bits, --width, --levels, --mu, --sigma2,
  --lambda, --rho, --teacher, --density); a level-set quantizer; --beta absent or inf
  --n N            weights per instance (integer >= 1, default 16)
  --sizes N1,N2,.. a series over sizes instead of --n (at least 2 distinct integers >= 1): per
                   size mean ± stderr over the seeds, extrapolated to N = inf (1/N, 1/N + 1/N²,
                   N^(-2/3) fits of the training error with chi²/dof), both theories below
  --seed S         first seed (integer >= 0, default 1)
  --seeds K        number of seeds S, S+1, ..., S+K-1 (integer >= 1, default 4)
  --method M       sphere (exact branch and bound, n <= ${SPHERE_MAX_N}) | enumerate (exact, K^N <=
                   --max-configurations) | anneal (upper bound); default sphere
  --max-nodes B    sphere decoding node budget per seed (integer 1..${MAX_NODES_LIMIT}; default
                   1e9, lowered to fit the work bound); a run that hits it is an upper bound (exit 3)
  --max-configurations C  enumeration bound on K^N (1..${MAX_CONFIGURATIONS_LIMIT}, default 2^27 = ${DEFAULT_MAX_CONFIGURATIONS})
  --restarts R     annealing restarts (integer 1..${ANNEAL_LIMITS.restarts}, default 8)
  --sweeps T       annealing sweeps per restart (integer 1..${ANNEAL_LIMITS.sweeps}, default 300)
  --beta-start B   first annealing beta (> 0, <= --beta-end, default 0.2)
  --beta-end B     last annealing beta before the greedy descent (> 0, <= ${ANNEAL_LIMITS.betaEnd}, default 300)
  --workers W      module workers (integer >= 1, default: cores)
  --json           one JSON object on stdout
work bound: seeds·max-nodes·n (sphere), seeds·K^n·alpha·n (enumerate) or
  seeds·restarts·sweeps·alpha·n² (anneal) <= 1e12, summed over --sizes
exit: 0 ok, 2 bad input, 3 a sphere decoding hit its node budget or some annealing run's
  restarts disagree on the best energy`;

/** Runs `groundstate` with argv; returns the exit code. */
export async function runGroundState(argv: string[]): Promise<number> {
  const values = parseFlags(argv, {
    n: { type: "string" },
    sizes: { type: "string" },
    seed: { type: "string" },
    seeds: { type: "string" },
    method: { type: "string" },
    "max-configurations": { type: "string" },
    "max-nodes": { type: "string" },
    restarts: { type: "string" },
    sweeps: { type: "string" },
    "beta-start": { type: "string" },
    "beta-end": { type: "string" },
    workers: { type: "string" },
  });
  if (values.help) {
    console.log(GROUNDSTATE_USAGE);
    return 0;
  }
  const params = modelFromFlags(values);
  if (Number.isFinite(params.beta)) {
    throw new UsageError(
      `--beta: a ground state is at beta = inf (leave --beta out), got ${
        JSON.stringify(values.beta)
      }`,
    );
  }
  if (params.quantizer.kind !== "levels") {
    throw new UsageError(`--quantizer: a ground-state search needs a level set, got "continuous"`);
  }
  if (flagGiven(values, "n") && flagGiven(values, "sizes")) {
    throw new UsageError(`--sizes: give either --n (one size) or --sizes (a series), not both`);
  }
  const sizes = values.sizes === undefined
    ? null
    : parseList("sizes", String(values.sizes), { integer: true, min: 1 });
  if (sizes !== null && (sizes.length < 2 || new Set(sizes).size !== sizes.length)) {
    throw new UsageError(
      `--sizes: expected at least 2 distinct integers >= 1, got ${JSON.stringify(values.sizes)}`,
    );
  }
  // the checks below run at the largest size; the work bounds sum over the sizes
  const n = sizes === null
    ? numberFlag(values, "n", 16, { integer: true, min: 1 })!
    : Math.max(...sizes);
  const allSizes = sizes ?? [n];
  const sumN = allSizes.reduce((a, b) => a + b, 0);
  const seeds = seedList(values);
  const method = String(values.method ?? "sphere");
  if (method !== "sphere" && method !== "enumerate" && method !== "anneal") {
    throw new UsageError(
      `--method: expected one of sphere|enumerate|anneal, got ${JSON.stringify(method)}`,
    );
  }
  // default budget: 1e9 nodes, or less so that seeds·max-nodes·n stays within the work bound
  const defaultNodes = Math.max(
    1,
    Math.min(DEFAULT_MAX_NODES, Math.floor(GROUNDSTATE_MAX_WORK / (seeds.length * sumN))),
  );
  const maxNodes = numberFlag(values, "max-nodes", defaultNodes, {
    integer: true,
    min: 1,
    max: MAX_NODES_LIMIT,
  })!;
  const maxConfigurations = numberFlag(values, "max-configurations", DEFAULT_MAX_CONFIGURATIONS, {
    min: 1,
    max: MAX_CONFIGURATIONS_LIMIT,
  })!;
  const restarts = numberFlag(values, "restarts", undefined, {
    integer: true,
    min: 1,
    max: ANNEAL_LIMITS.restarts,
  });
  const sweeps = numberFlag(values, "sweeps", undefined, {
    integer: true,
    min: 1,
    max: ANNEAL_LIMITS.sweeps,
  });
  const betaEnd = numberFlag(values, "beta-end", undefined, {
    min: 0,
    exclusiveMin: true,
    max: ANNEAL_LIMITS.betaEnd,
  });
  const betaStart = numberFlag(values, "beta-start", undefined, {
    min: 0,
    exclusiveMin: true,
    max: betaEnd ?? 300,
  });
  const workers = numberFlag(values, "workers", undefined, { integer: true, min: 1, max: 256 });
  const K = params.quantizer.levels.length;
  if (method === "enumerate") {
    const nMax = Math.floor(Math.log(maxConfigurations) / Math.log(K) + 1e-9);
    if (n > nMax) {
      throw new UsageError(
        `--n: expected an integer in [1, ${nMax}] for --method enumerate with K = ${K} levels (K^N <= ${maxConfigurations}; use --method anneal above), got ${
          JSON.stringify(values.n)
        }`,
      );
    }
    try {
      checkEnumerationSize(K, n, Math.max(1, Math.round(params.alpha * n)), maxConfigurations);
    } catch (e) {
      throw new UsageError(`--${(e as Error).message}`);
    }
  }
  const M = Math.max(1, Math.round(params.alpha * n));
  if (method === "sphere") {
    if (n > SPHERE_MAX_N) {
      throw new UsageError(
        `--n: expected an integer in [1, ${SPHERE_MAX_N}] for --method sphere, got ${
          JSON.stringify(values.n)
        }`,
      );
    }
    checkBudget(
      "max-nodes",
      sizes === null ? "seeds·max-nodes·n" : "seeds·max-nodes·Σn",
      seeds.length * maxNodes * sumN,
      GROUNDSTATE_MAX_WORK,
      "multiply-adds",
    );
  } else if (method === "enumerate") {
    checkBudget(
      seeds.length > 1 ? "seeds" : "n",
      sizes === null ? "seeds·K^n·alpha·n" : "seeds·Σ K^n·alpha·n",
      seeds.length *
        allSizes.reduce(
          (a, m) => a + Math.pow(K, m) * Math.max(1, Math.round(params.alpha * m)),
          0,
        ),
      GROUNDSTATE_MAX_WORK,
      "multiply-adds",
    );
  } else {
    checkBudget(
      "sweeps",
      sizes === null
        ? "seeds·restarts·(sweeps + 1)·alpha·n²"
        : "seeds·restarts·(sweeps + 1)·Σ alpha·n²",
      seeds.length * (restarts ?? 8) * ((sweeps ?? 300) + 1) *
        allSizes.reduce((a, m) => a + Math.max(1, Math.round(params.alpha * m)) * m, 0),
      GROUNDSTATE_MAX_WORK,
      "multiply-adds",
    );
    const atOnce = Math.min(seeds.length, workers ?? navigator.hardwareConcurrency ?? 1);
    checkBudget(
      "n",
      `${atOnce} instance(s) at once × 3 copies of X (alpha·n²) × 8 bytes`,
      atOnce * 3 * M * n * 8,
      GROUNDSTATE_MAX_BYTES,
      "bytes",
    );
  }
  const { beta: _beta, ...model } = params;
  const anneal: AnnealOptions = {};
  if (restarts !== undefined) anneal.restarts = restarts;
  if (sweeps !== undefined) anneal.sweeps = sweeps;
  if (betaStart !== undefined) anneal.betaStart = betaStart;
  if (betaEnd !== undefined) anneal.betaEnd = betaEnd;
  const series = await groundStateSeries(model, {
    sizes: allSizes,
    seeds,
    method,
    workers,
    ...(method === "enumerate"
      ? { enumerate: { maxConfigurations } }
      : method === "sphere"
      ? { sphere: { maxNodes } }
      : { anneal }),
  });
  const record = sizes === null ? groundStateRecord(series) : groundStateSeriesRecord(series);
  // the 1RSB ground state (docs/theory.md §3b) beside RS, the other theory the data are read against
  const oneRsb = solveOneRsbGroundState({ ...model, beta: Infinity });
  record.oneRsb = {
    trainError: oneRsb.trainError,
    genError: oneRsb.genError,
    m: oneRsb.m,
    Q: oneRsb.q1,
    energy: oneRsb.energy,
    y: oneRsb.y,
    phase: oneRsb.phase,
    converged: oneRsb.converged,
  };
  if (values.json) printLine(toJson(record));
  else printLine(sizes === null ? groundStateTable(record) : groundStateSeriesTable(record));
  const theories = [
    ...(series.rs === null || !series.rs.converged ? ["the RS ground state"] : []),
    ...(oneRsb.converged ? [] : [`the 1RSB ground state (${oneRsb.phase})`]),
  ];
  if (theories.length > 0) {
    console.error(`typiquant groundstate: did not converge: ${theories.join(", ")}`);
    return 3;
  }
  const failed = series.points.flatMap((p) =>
    p.runs.filter((r) => !r.converged).map((r) =>
      sizes === null ? `${r.seed}` : `${r.seed} (N=${p.n})`
    )
  );
  if (failed.length === 0) return 0;
  if (method === "sphere") {
    console.error(
      `typiquant groundstate: sphere decoding of seed(s) ${
        failed.join(",")
      } did not finish within --max-nodes ${maxNodes} (the result is an upper bound)`,
    );
    return 3;
  }
  console.error(
    `typiquant groundstate: annealing of seed(s) ${
      failed.join(",")
    } did not converge (fewer than 2 restarts reached the best energy)`,
  );
  return 3;
}

/** The JSON record of a one-size series: runs, mean, stderr and the RS ground state. */
export function groundStateRecord(series: GroundStateSeries): Record<string, unknown> {
  const point = series.points[0];
  return {
    method: series.method,
    n: point.n,
    alpha: series.alpha,
    sigma2: series.sigma2,
    lambda: series.lambda,
    levels: series.levels,
    seeds: series.seeds,
    runs: point.runs.map((r) => ({
      seed: r.seed,
      n: r.n,
      samples: r.samples,
      trainError: r.trainError,
      genError: r.genError,
      m: r.m,
      Q: r.Q,
      energy: r.energy,
      bound: r.bound,
      degeneracy: r.degeneracy,
      restarts: r.restarts,
      restartsAgreeing: r.restartsAgreeing,
      converged: r.converged,
      visited: r.visited,
      workers: r.workers,
      timeMs: r.timeMs,
      rhoHat: r.rhoHat,
    })),
    mean: point.mean,
    stderr: point.stderr,
    rs: series.rs,
  };
}

function groundStateTable(record: Record<string, unknown>): string {
  const runs = record.runs as Record<string, unknown>[];
  const mean = record.mean as Record<string, number | null>;
  const stderr = record.stderr as Record<string, number | null>;
  const rs = record.rs as Record<string, unknown> | null;
  const extra = record.method === "anneal" ? "restartsAgreeing" : "degeneracy";
  // no timings here, so the text output is reproducible (the JSON has timeMs)
  const header = ["seed", ...GROUND_STATE_FIELDS, extra, "converged"];
  const rows: string[][] = runs.map((r) => header.map((k) => formatValue(r[k])));
  rows.push(["mean", ...GROUND_STATE_FIELDS.map((f) => formatValue(mean[f])), "", ""]);
  rows.push(["stderr", ...GROUND_STATE_FIELDS.map((f) => formatValue(stderr[f])), "", ""]);
  if (rs) {
    rows.push(["RS theory", ...GROUND_STATE_FIELDS.map((f) => formatValue(rs[f])), "", ""]);
  }
  const oneRsb = record.oneRsb as Record<string, unknown> | undefined;
  if (oneRsb) {
    rows.push(["1RSB theory", ...GROUND_STATE_FIELDS.map((f) => formatValue(oneRsb[f])), "", ""]);
  }
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => c.padEnd(widths[j])).join("  ").trimEnd();
  return [
    `ground states by ${record.method} (N=${record.n}, alpha=${record.alpha}, K=${record.levels})`,
    line(header),
    ...rows.map(line),
  ].join("\n");
}

/**
 * The JSON record of a series over sizes (`--sizes`): per size the mean and standard error over
 * the seeds and how many runs converged; the 1/N extrapolation of every field; and the training
 * error under each of {@link FINITE_SIZE_MODELS} (value, stderr, chi²/dof, residuals).
 *
 * @example
 * ```ts
 * import { groundStateSeries } from "../experiments/ground_state_series.ts";
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const series = await groundStateSeries(
 *   { alpha: 1, sigma2: 0.1, quantizer: uniformQuantizer({ bits: 1, width: 1 }) },
 *   { sizes: [6, 8, 10], seeds: [1, 2, 3], workers: 1 },
 * );
 * const r = groundStateSeriesRecord(series);
 * const fits = r.fits as { model: string }[];
 * if (fits.length !== 3 || (r.sizes as unknown[]).length !== 3) throw new Error();
 * ```
 */
export function groundStateSeriesRecord(series: GroundStateSeries): Record<string, unknown> {
  const train = series.points.map((p) => ({
    n: p.n,
    mean: p.mean.trainError!,
    stderr: p.stderr.trainError,
  }));
  return {
    method: series.method,
    alpha: series.alpha,
    sigma2: series.sigma2,
    lambda: series.lambda,
    levels: series.levels,
    seeds: series.seeds.length,
    sizes: series.points.map((p) => ({
      n: p.n,
      mean: p.mean,
      stderr: p.stderr,
      converged: p.converged,
      runs: p.runs.length,
    })),
    extrapolation: series.extrapolation,
    fits: FINITE_SIZE_MODELS.map((m) => {
      const f = fitFiniteSize(train, m.exponents);
      return {
        model: m.name,
        trainError: f?.value ?? null,
        stderr: f?.stderr ?? null,
        chi2PerDof: f !== null && f.chi2 !== null && f.dof > 0 ? f.chi2 / f.dof : null,
        residuals: f?.residuals ?? null,
      };
    }),
    rs: series.rs,
  };
}

function groundStateSeriesTable(record: Record<string, unknown>): string {
  const sizes = record.sizes as {
    n: number;
    mean: Record<string, number | null>;
    stderr: Record<string, number | null>;
    converged: number;
    runs: number;
  }[];
  const ext = record.extrapolation as Record<
    string,
    { value: number; stderr: number | null } | null
  >;
  const fits = record.fits as {
    model: string;
    trainError: number | null;
    stderr: number | null;
    chi2PerDof: number | null;
  }[];
  const fields = ["trainError", "genError", "m", "Q"];
  const header = ["N", ...fields.flatMap((f) => [f, "±"]), "converged"];
  const rows: string[][] = sizes.map((p) => [
    String(p.n),
    ...fields.flatMap((f) => [formatValue(p.mean[f]), formatValue(p.stderr[f])]),
    `${p.converged}/${p.runs}`,
  ]);
  rows.push([
    "N → ∞ (1/N)",
    ...fields.flatMap((
      f,
    ) => [formatValue(ext[f]?.value ?? null), formatValue(ext[f]?.stderr ?? null)]),
    "",
  ]);
  const rs = record.rs as Record<string, unknown> | null;
  if (rs) rows.push(["RS theory", ...fields.flatMap((f) => [formatValue(rs[f]), ""]), ""]);
  const oneRsb = record.oneRsb as Record<string, unknown> | undefined;
  if (oneRsb) {
    rows.push(["1RSB theory", ...fields.flatMap((f) => [formatValue(oneRsb[f]), ""]), ""]);
  }
  const table = (head: string[], body: string[][]) => {
    const widths = head.map((h, j) => Math.max(h.length, ...body.map((r) => r[j].length)));
    const line = (r: string[]) => r.map((c, j) => c.padEnd(widths[j])).join("  ").trimEnd();
    return [line(head), ...body.map(line)];
  };
  const fitHead = ["correction", "trainError (N → ∞)", "±", "chi²/dof"];
  const fitRows = fits.map((f) => [
    f.model,
    formatValue(f.trainError),
    formatValue(f.stderr),
    formatValue(f.chi2PerDof),
  ]);
  return [
    `ground states by ${record.method} (alpha=${record.alpha}, K=${record.levels}, ${record.seeds} seeds per size)`,
    ...table(header, rows),
    "",
    "training error extrapolated with each finite-size correction:",
    ...table(fitHead, fitRows),
  ].join("\n");
}
