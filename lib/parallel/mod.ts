/**
 * Parallel execution in module workers.
 *
 * @module
 */
export * from "./worker_pool.ts";
