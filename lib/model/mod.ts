/**
 * The teacher-student model: parameters and teacher priors (THEORY section 1).
 *
 * @module
 */
export * from "./params.ts";
export * from "./teacher.ts";
