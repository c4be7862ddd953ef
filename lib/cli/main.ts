/**
 * The typiquant command line: `deno task cli <command> [flags]`.
 * Exit codes: 0 ok, 2 bad input (one line on stderr), 3 solver did not converge.
 *
 * @module
 */
import { classifyError } from "./output.ts";

type Command = (argv: string[]) => number | Promise<number>;

/** Subcommands, loaded on demand. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  rs: {
    summary: "replica-symmetric solution at one point",
    load: async () => (await import("./rs.ts")).runRs,
  },
  phase: {
    summary: "AT and zero-entropy crossings along one parameter, per bit depth",
    load: async () => (await import("./phase.ts")).runPhase,
  },
  "optimal-width": {
    summary: "width minimising the generalization error, vs the Lloyd-Max width",
    load: async () => (await import("./optimal_width.ts")).runOptimalWidth,
  },
  sweep: {
    summary: "RS solutions on a grid of parameters, as CSV or JSON",
    load: async () => (await import("./sweep.ts")).runSweepCommand,
  },
  reproduce: {
    summary: "regenerate figures/ and figures/REPORT.md (also: deno task reproduce)",
    load: async () => (await import("./reproduce.ts")).runReproduce,
  },
  rsb: {
    summary: "one-step RSB solution at one point (finite beta), with RS alongside",
    load: async () => (await import("./rsb.ts")).runRsb,
  },
  amp: {
    summary: "AMP on synthetic instances over seeds, against RS theory",
    load: async () => (await import("./amp.ts")).runAmpCommand,
  },
  mcmc: {
    summary: "heat-bath Monte Carlo on synthetic instances over seeds, against RS theory",
    load: async () => (await import("./mcmc.ts")).runMcmcCommand,
  },
  groundstate: {
    summary: "ground states (beta = inf) by exact enumeration or annealing, over seeds",
    load: async () => (await import("./groundstate.ts")).runGroundState,
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(15)} ${v.summary}`);
  return `usage: deno task cli <command> [flags]   (--help for a command's flags)\n${
    lines.join("\n")
  }`;
}

/**
 * Runs the CLI; returns the exit code. Errors print one line on stderr (see `classifyError` in
 * output.ts): 2 bad input, 3 a solver breakdown, 1 an output or internal error.
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    console.error(
      `typiquant: unknown command ${JSON.stringify(name)}; one of ${
        Object.keys(COMMANDS).join("|")
      }`,
    );
    return 2;
  }
  try {
    const run = await command.load();
    return await run(rest);
  } catch (e) {
    // 2 bad input, 3 solver breakdown, 1 output or internal error: one line, no stack trace
    const { code, line } = classifyError(e);
    try {
      console.error(`typiquant ${name}: ${line}`);
    } catch {
      // stderr is gone too: the exit code is all that is left
    }
    return code;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
