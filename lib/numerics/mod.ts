/**
 * Numerics layer of typiquant: special functions of the normal distribution, a seeded
 * xoshiro256** generator, Brent root finding and minimisation, and Gaussian quadrature.
 *
 * @module
 */
export {
  erf,
  erfc,
  erfcx,
  log1mExp,
  log1pExp,
  logNormalCdf,
  logNormalSf,
  logSumExp,
  normalCdf,
  normalPdf,
  normalQuantile,
  normalSf,
} from "./special.ts";
export { createRng, Rng } from "./rng.ts";
export { solveDense } from "./dense_solve.ts";
export {
  bracketMinimum,
  type BracketOptions,
  type BracketResult,
  brentMinimize,
  brentRoot,
  findRoots,
  type FindRootsOptions,
  type MinimizeOptions,
  type MinimizeResult,
  type RootOptions,
  type RootResult,
} from "./roots.ts";
export {
  clearQuadratureCache,
  gaussHermiteNormal,
  gaussLegendre,
  integrate,
  type IntegrateOptions,
  type QuadratureRule,
} from "./quadrature.ts";
export * from "./anderson.ts";
