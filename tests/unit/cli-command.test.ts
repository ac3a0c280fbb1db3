import { Command } from "commander";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { defineCommand, register, runCommandLine, type ExitState } from "../../lib/cli/command";
import { COMMANDS } from "../../lib/cli/commands";
import { AppError } from "../../lib/control/errors";
import { ROOT } from "../helpers";

function program(spec: Parameters<typeof register>[1]) {
  const exit: ExitState = { code: 0 };
  const p = new Command("storematch").exitOverride();
  register(p, spec, exit);
  return (argv: string[]) => runCommandLine(p, exit, argv);
}

afterEach(() => vi.restoreAllMocks());

describe("the CLI wrapper", () => {
  it("returns the command's exit code, 0 when it returns nothing", async () => {
    expect(await program(defineCommand({ usage: "three", run: () => 3 }))(["three"])).toBe(3);
    expect(await program(defineCommand({ usage: "nothing", run: () => undefined }))(["nothing"])).toBe(0);
  });

  it("checks the input before anything else and prints a refused input as one line, exit 1", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const run = vi.fn();
    const cli = program(
      defineCommand<{ ids?: string }>({
        usage: "approve",
        check: ({ opts }) => {
          if (!opts.ids) throw new AppError("INVALID", "say which triggers: --ids 1,2,3");
        },
        // A permission would open the workspace: check must refuse first.
        permission: "triggers.approve",
        run,
      }),
    );
    expect(await cli(["approve"])).toBe(1);
    expect(run).not.toHaveBeenCalled();
    expect(err).toHaveBeenCalledWith("storematch: say which triggers: --ids 1,2,3");
  });

  it("adds the CLI's hint to a domain error's remedy", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const cli = program(
      defineCommand({
        usage: "run",
        run: () => {
          throw new AppError("CONFLICT", "a targeted run needs a previous successful run: launch a full refresh first", { remedy: "full-refresh" });
        },
      }),
    );
    expect(await cli(["run"])).toBe(1);
    expect(err).toHaveBeenCalledWith("storematch: a targeted run needs a previous successful run: launch a full refresh first (run `storematch run --full-refresh`)");
  });
});

describe("the command files", () => {
  it("are one per command, at commands/<noun>/<verb>.ts or commands/<noun>/index.ts, and all listed", () => {
    const dir = join(ROOT, "lib", "cli", "commands");
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    const listed: string[] = [];
    for (const entry of COMMANDS) {
      if ("noun" in entry) for (const c of entry.commands) listed.push(`${entry.noun}/${c.usage.split(" ")[0]}.ts`);
      else listed.push(`${entry.usage.split(" ")[0]}/index.ts`);
    }
    // triggers/decide.ts is the shared body of approve and reject.
    expect(files.filter((f) => f !== join("triggers", "decide.ts")).sort()).toEqual([...listed].sort());
  });
});

describe("domain messages", () => {
  it("name no CLI flag and no storematch command outside lib/cli (the console shows them too)", () => {
    const lib = join(ROOT, "lib");
    const offenders: string[] = [];
    for (const f of readdirSync(lib, { recursive: true, encoding: "utf8" })) {
      if (!f.endsWith(".ts") || f.startsWith(`cli/`)) continue;
      readFileSync(join(lib, f), "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (/Error\(/.test(line) && /(["'`]|\s)--[a-z]|`storematch [a-z]/.test(line)) offenders.push(`${relative(ROOT, join(lib, f))}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
