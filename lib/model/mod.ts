/**
 * The teacher-student model: parameters and teacher priors (docs/theory.md §1).
 *
 * @module
 */
export * from "./params.ts";
export * from "./teacher.ts";
