/**
 * Developer script behind `deno task lab`: opens the curated notebooks in Jupyter with the Deno
 * kernel.
 *
 * 1. Finds a Jupyter front end: `jupyter lab`, else the classic `jupyter notebook`. Without
 *    either it prints what to install and exits 1.
 * 2. Installs the Deno kernel (`deno jupyter --install`) unless a `deno` kernelspec whose
 *    program exists is already there (one pointing at a deno binary that is gone is replaced).
 * 3. Starts the front end on `notebooks/`; extra arguments are passed on to it
 *    (`deno task lab --no-browser --port 8890`).
 *
 * `--dry-run` prints the commands of steps 2 and 3 instead of running them.
 *
 *     deno task lab [--dry-run] [jupyter flags…]
 *
 * @module
 */

/** A Jupyter front end that can open a directory of notebooks. */
export type FrontEnd = "lab" | "notebook";

/** What the script will run, decided from what is installed. */
export interface LabPlan {
  /** The front end to start. */
  frontEnd: FrontEnd;
  /** The command installing the Deno kernel, or null when a usable one is installed. */
  install: string[] | null;
  /** The command starting Jupyter on the notebooks directory. */
  launch: string[];
}

/** What is installed (the answers of the probes the script runs). */
export interface LabProbe {
  /** `jupyter lab --version` succeeded. */
  lab: boolean;
  /** `jupyter notebook --version` succeeded. */
  notebook: boolean;
  /**
   * The program of the installed `deno` kernelspec and whether that file exists; null when
   * there is no `deno` kernelspec.
   */
  denoKernel: { program: string; exists: boolean } | null;
}

/** Where to get Jupyter, printed when no front end is found. */
export const INSTALL_HELP: string =
  `No Jupyter front end found: neither \`jupyter lab\` nor \`jupyter notebook\` runs.
Install one of them, then run \`deno task lab\` again:
  JupyterLab (any system, in a virtual environment):
    python3 -m venv ~/.venvs/jupyter && ~/.venvs/jupyter/bin/pip install jupyterlab
    export PATH="$HOME/.venvs/jupyter/bin:$PATH"
  or \`pip install jupyterlab\` / \`pipx install jupyterlab\` where your Python allows it.
  Classic Notebook from Debian / Ubuntu packages (JupyterLab is not packaged in Debian 12):
    sudo apt-get install jupyter-notebook
  Or open notebooks/ in VS Code with the Jupyter extension and pick the "Deno" kernel
  (install it once with \`deno jupyter --install\`).`;

/**
 * Decides what to run from what is installed; null when there is no front end.
 *
 * @example
 * ```ts
 * const plan = planLab(
 *   { lab: false, notebook: true, denoKernel: null },
 *   { deno: "/usr/bin/deno", notebooksDir: "notebooks/", extraArgs: [] },
 * );
 * if (plan?.frontEnd !== "notebook") throw new Error();
 * if (plan.install?.join(" ") !== "/usr/bin/deno jupyter --install") throw new Error();
 * if (plan.launch.join(" ") !== "jupyter notebook notebooks/") throw new Error();
 * ```
 */
export function planLab(
  probe: LabProbe,
  options: { deno: string; notebooksDir: string; extraArgs: string[] },
): LabPlan | null {
  const frontEnd: FrontEnd | null = probe.lab ? "lab" : probe.notebook ? "notebook" : null;
  if (frontEnd === null) return null;
  let install: string[] | null = null;
  if (probe.denoKernel === null) install = [options.deno, "jupyter", "--install"];
  else if (!probe.denoKernel.exists) install = [options.deno, "jupyter", "--install", "--force"];
  return {
    frontEnd,
    install,
    launch: ["jupyter", frontEnd, options.notebooksDir, ...options.extraArgs],
  };
}

/** Runs a command quietly; false when it cannot be started or exits non-zero. */
async function succeeds(cmd: string, args: string[]): Promise<{ ok: boolean; stdout: string }> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "null" }).output();
    return { ok: out.success, stdout: new TextDecoder().decode(out.stdout) };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied) {
      return { ok: false, stdout: "" };
    }
    throw e;
  }
}

/** Asks the installed Jupyter what it has. */
async function probeJupyter(): Promise<LabProbe> {
  const lab = (await succeeds("jupyter", ["lab", "--version"])).ok;
  const notebook = lab ? false : (await succeeds("jupyter", ["notebook", "--version"])).ok;
  let denoKernel: LabProbe["denoKernel"] = null;
  const specs = await succeeds("jupyter", ["kernelspec", "list", "--json"]);
  if (specs.ok) {
    try {
      const parsed = JSON.parse(specs.stdout) as {
        kernelspecs?: Record<string, { spec?: { argv?: string[] } }>;
      };
      const program = parsed.kernelspecs?.deno?.spec?.argv?.[0];
      if (program !== undefined) {
        let exists = false;
        try {
          exists = Deno.statSync(program).isFile;
        } catch {
          exists = false;
        }
        denoKernel = { program, exists };
      }
    } catch {
      denoKernel = null; // unreadable answer: install the kernel
    }
  }
  return { lab, notebook, denoKernel };
}

/** Runs one command with inherited stdio and returns its exit code. */
async function run(command: string[], cwd: string): Promise<number> {
  const [cmd, ...args] = command;
  const child = new Deno.Command(cmd, { args, cwd, stdin: "inherit" }).spawn();
  return (await child.status).code;
}

/**
 * The script: returns the exit code (0 ok, 1 no Jupyter front end or the kernel install failed,
 * otherwise the exit code of Jupyter).
 *
 * @example
 * ```ts
 * // --help prints the usage and exits 0 without probing anything
 * if (await runLab(["--help"]) !== 0) throw new Error();
 * ```
 */
export async function runLab(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(
      "usage: deno task lab [--dry-run] [jupyter flags…]\n" +
        "  opens notebooks/ in JupyterLab (or the classic Notebook) with the Deno kernel,\n" +
        "  installing the kernel first when needed; --dry-run prints the commands instead",
    );
    return 0;
  }
  const dryRun = args.includes("--dry-run");
  const extraArgs = args.filter((a) => a !== "--dry-run");
  const root = new URL("../", import.meta.url).pathname;
  const plan = planLab(await probeJupyter(), {
    deno: Deno.execPath(),
    notebooksDir: "notebooks/",
    extraArgs,
  });
  if (plan === null) {
    console.error(INSTALL_HELP);
    return 1;
  }
  if (dryRun) {
    if (plan.install) console.log(`install kernel: ${plan.install.join(" ")}`);
    else console.log("install kernel: (the deno kernel is installed)");
    console.log(`start: ${plan.launch.join(" ")}   (in ${root})`);
    return 0;
  }
  if (plan.install) {
    const code = await run(plan.install, root);
    if (code !== 0) {
      console.error(`lab: "${plan.install.join(" ")}" failed (exit ${code})`);
      return 1;
    }
  }
  if (plan.frontEnd === "notebook") {
    console.error("lab: JupyterLab not found, opening the classic Notebook instead");
  }
  return await run(plan.launch, root);
}

if (import.meta.main) Deno.exit(await runLab(Deno.args));
