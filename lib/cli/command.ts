import { Command, CommanderError, type Option } from "commander";
import { userInfo } from "node:os";
import { authorize } from "../auth/authorize";
import type { Permission } from "../auth/permissions";
import { loadConfig, type Config } from "../config";
import { closeControl, control, type Db } from "../control/db";
import { recoverRuns } from "../runner/queue";
import { cliHint } from "./hints";

/** What a command's handler gets: its arguments and options, the workspace, and who acts. */
export interface CommandContext<O> {
  /** The positional arguments, in the order of `usage`. */
  args: string[];
  opts: O;
  /** The workspace's config, read on first use (generate needs none). */
  readonly config: Config;
  /** The control plane of the workspace. */
  db(): Db;
  /** Who acts, checked against the command's `permission` before the handler ran. */
  readonly actor: string;
  /** For a permission known only once the command has looked (run: targeted or full refresh): check it, return the actor. */
  actingAs(permission: Permission): Promise<string>;
}

/**
 * One command, as data: its usage, description and options next to its handler. The wrapper
 * (register) runs, in order: `check` (input rules that need no workspace), crash recovery when
 * `recover` says so, the role check when `permission` is set, then `run`.
 */
export interface CommandSpec<O = Record<string, never>> {
  /** The word after the noun (or the noun itself, for a command without a verb) and its arguments: "show <id>". */
  usage: string;
  description?: string;
  options?: Option[];
  /** Text printed after the options by --help. */
  helpAfter?: string;
  /** Mark dead runs FAILED (and release their triggers) before anything else: commands that read or take the warehouse. */
  recover?: boolean;
  /** The permission the actor (--as, else $STOREMATCH_USER or cli:<login>) must hold. */
  permission?: Permission;
  /** Input rules that need no workspace, checked before recovery and the role (throw an AppError naming the flag). */
  check?(input: { args: string[]; opts: O }): void;
  /** The command itself; it returns its exit code (nothing is 0), or throws. */
  run(ctx: CommandContext<O>): Promise<number | void> | number | void;
}

/** Declare a command (typed options for its handler). */
export function defineCommand<O>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

/** The actor when --as is not given. */
export const defaultActor = () => process.env.STOREMATCH_USER ?? `cli:${userInfo().username}`;

/** Where register() leaves a command's exit code for main(). */
export interface ExitState {
  code: number;
}

/** Add a command under `parent` (the program, or a noun like `runs`) with the one wrapper around its handler. */
export function register<O>(parent: Command, spec: CommandSpec<O>, exit: ExitState): Command {
  const cmd = parent.command(spec.usage);
  if (spec.description !== undefined) cmd.description(spec.description);
  for (const o of spec.options ?? []) cmd.addOption(o);
  if (spec.helpAfter) cmd.addHelpText("after", spec.helpAfter);
  cmd.action(async (...received: unknown[]) => {
    // commander passes the arguments, then the options, then the command.
    const args = received.slice(0, -2) as string[];
    const opts = (received.at(-1) as Command).opts() as O & { as?: string };
    spec.check?.({ args, opts });
    let config: Config | undefined;
    const cfg = () => (config ??= loadConfig());
    if (spec.recover) await recoverRuns(cfg());
    const actingAs = async (permission: Permission) => {
      const who = opts.as ?? defaultActor();
      await authorize(control(cfg()), who, permission);
      return who;
    };
    const checked = spec.permission ? await actingAs(spec.permission) : undefined;
    const code = await spec.run({
      args,
      opts,
      get config() {
        return cfg();
      },
      db: () => control(cfg()),
      get actor() {
        return checked ?? opts.as ?? defaultActor();
      },
      actingAs,
    });
    exit.code = code ?? 0;
  });
  return cmd;
}

/** One line for any error: its first non-empty line, or what it is when it says nothing. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = msg.split("\n").map((l) => l.trim()).find((l) => l !== "");
  if (line) return line;
  const name = e instanceof Error ? e.name : typeof e;
  return `${name} with no message (set STOREMATCH_DEBUG=1 to see the details)`;
}

/**
 * Parse and run the command line: the exit code of the command, commander's for help, version
 * and usage errors, 1 for any error, printed as one line ("storematch: …") with the CLI's hint.
 */
export async function runCommandLine(program: Command, exit: ExitState, argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv, { from: "user" });
    await closeControl();
    return exit.code;
  } catch (e) {
    // Bounded: after a failure on a full disk, the control plane's client may never answer.
    await Promise.race([closeControl().catch(() => undefined), new Promise((r) => setTimeout(r, 3000).unref())]);
    if (e instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its message.
      return e.exitCode;
    }
    console.error(`storematch: ${oneLine(e)}${cliHint(e)}`);
    if (process.env.STOREMATCH_DEBUG) console.error(e);
    return 1;
  }
}
