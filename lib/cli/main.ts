import { Command } from "commander";
import { register, runCommandLine, type ExitState } from "./command";
import { COMMANDS } from "./commands";

export { oneLine } from "./command";

const VERSION = "0.1.0";

/** The `storematch` program: every command of commands/index.ts, each behind the one wrapper (command.ts). */
export function buildProgram(exit: ExitState = { code: 0 }): Command {
  const program = new Command("storematch")
    .description("Link the GI and TH store master lists, explain every unmatched store.\nData directory: $STOREMATCH_DATA_DIR (default ./data).")
    .showHelpAfterError("(run with --help for usage)")
    .version(VERSION, "-V, --version")
    // Program options only before the subcommand, so `export matches --version V` reaches export.
    .enablePositionalOptions()
    .exitOverride();
  for (const entry of COMMANDS) {
    if (!("noun" in entry)) {
      register(program, entry, exit);
      continue;
    }
    const group = program.command(entry.noun).description(entry.description);
    for (const spec of entry.commands) register(group, spec, exit);
  }
  return program;
}

/** Run `storematch` with these arguments; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const exit: ExitState = { code: 0 };
  return runCommandLine(buildProgram(exit), exit, argv);
}
