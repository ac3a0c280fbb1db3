import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers";

/** The `next` command line, run with node (npx would ask the npm registry). */
export const NEXT_BIN = join(ROOT, "node_modules", "next", "dist", "bin", "next");

/** The newest modification time under the console's sources (what `next build` compiles). */
function newestSource(): number {
  let newest = 0;
  const walk = (p: string) => {
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== "node_modules" && !e.startsWith(".")) walk(join(p, e));
    } else if (/\.(ts|tsx|js|mjs|css)$/.test(p)) newest = Math.max(newest, s.mtimeMs);
  };
  for (const d of ["app", "components", "lib", "instrumentation.ts", "next.config.js", "middleware.ts", "proxy.ts"]) if (existsSync(join(ROOT, d))) walk(join(ROOT, d));
  return newest;
}

/** Whether .next holds a build newer than every source file of the console. */
export function consoleBuildIsFresh(): boolean {
  const id = join(ROOT, ".next", "BUILD_ID");
  return existsSync(id) && statSync(id).mtimeMs > newestSource();
}

/** Build the console (`next build`) unless .next holds a build newer than every source file. */
export function ensureConsoleBuild(): void {
  if (consoleBuildIsFresh()) return;
  execFileSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: ROOT, stdio: "pipe", timeout: 1_200_000, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
}
