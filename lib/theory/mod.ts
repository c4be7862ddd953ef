/**
 * Replica theory: the scalar channel, the RS solution at finite and zero temperature and its
 * stability (docs/theory.md §2 and §5).
 *
 * @module
 */
export * from "./scalar_channel.ts";
export * from "./rs.ts";
export * from "./zero_temperature.ts";
export * from "./one_rsb.ts";
export * from "./one_rsb_ground_state.ts";
export {
  type Ansatz,
  type OneRsbGroundStateSolved,
  type OneRsbSolved,
  type RsSolved,
  type Solution,
  solve,
  type SolveOptions,
  type ZeroTemperatureSolved,
} from "../solve.ts";
