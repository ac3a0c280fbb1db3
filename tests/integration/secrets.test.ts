import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { oidcEmailVerified } from "../../lib/auth/oidc";
import { loadConfig } from "../../lib/config";
import { closeControl, control } from "../../lib/control/db";
import { AppError } from "../../lib/control/errors";
import { runDbtBuild } from "../../lib/runner/dbt";
import { iceberg } from "../../lib/versions/local/python";
import { readManifest } from "../../lib/versions/registry";
import { cliOk, ROOT, TEST_PROVIDER, tempDir, workspaceConfig, workspaceEnv } from "../helpers";

/** Every path under dir whose mode lets group or others in. */
function tooOpen(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if ((st.mode & 0o077) !== 0) out.push(`${p} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
  };
  walk(dir);
  return out;
}

describe("secrets and files", () => {
  afterAll(() => closeControl());

  it("the CLI creates the workspace's files 0600 and folders 0700 (control.sqlite and its WAL included)", () => {
    const dir = tempDir();
    const env = { STOREMATCH_DATA_DIR: join(dir, "data") };
    cliOk(["generate", "--stores", "40", "--seed", "1", "--out", join(dir, "in")], env);
    cliOk(["users", "add", "--email", "a@test.local", "--role", "admin"], env);
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    const files = readdirSync(join(dir, "data"));
    // The control plane is this file on SQLite; on PostgreSQL it lives on the server, not here.
    expect(files.includes("control.sqlite")).toBe(TEST_PROVIDER === "sqlite");
    expect(tooOpen(join(dir, "data"))).toEqual([]);
  });

  it("opening a workspace made before tightens it", () => {
    const data = join(tempDir(), "data");
    mkdirSync(data, { mode: 0o755 });
    writeFileSync(join(data, "control.sqlite"), "");
    chmodSync(join(data, "control.sqlite"), 0o644);
    control(workspaceConfig(data));
    expect(tooOpen(data)).toEqual([]);
  });

  it("dbt and the Python publisher get an allowlisted environment: no session or OIDC secret", async () => {
    const dir = tempDir();
    const venv = join(dir, "venv");
    mkdirSync(join(venv, "bin"), { recursive: true });
    // Stand-ins for the venv's dbt and python that record the environment they were given.
    for (const bin of ["dbt", "python"]) {
      // python -c PRELUDE dbt …: the runner's die-with-parent prelude; the stand-in just runs dbt.
      const prelude = bin === "python" ? `if [ "$1" = "-c" ]; then shift 2; exec "$@"; fi\n` : "";
      writeFileSync(join(venv, "bin", bin), `#!/bin/sh\n${prelude}env > "${join(dir, `${bin}.env`)}"\necho '{}'\n`, { mode: 0o755 });
    }
    const config = loadConfig({ STOREMATCH_DATA_DIR: join(dir, "data"), STOREMATCH_ROOT: ROOT, STOREMATCH_VENV: venv });
    const saved = { ...process.env };
    Object.assign(process.env, { NEXTAUTH_SECRET: "s3cret-session-key-0123456789", STOREMATCH_OIDC_CLIENT_SECRET: "oidc-secret-value", SOME_OTHER_TOKEN: "tok" });
    try {
      await runDbtBuild(config, { runSettings: { run_id: "r1" } });
      await iceberg(config, ["set-status", "--statuses", "{}"]);
    } finally {
      for (const k of ["NEXTAUTH_SECRET", "STOREMATCH_OIDC_CLIENT_SECRET", "SOME_OTHER_TOKEN"]) delete process.env[k];
      Object.assign(process.env, saved);
    }
    for (const bin of ["dbt", "python"]) {
      const env = readFileSync(join(dir, `${bin}.env`), "utf8");
      expect(env, bin).not.toContain("s3cret-session-key");
      expect(env, bin).not.toContain("oidc-secret-value");
      expect(env, bin).not.toContain("SOME_OTHER_TOKEN");
      expect(env, bin).toMatch(/^PATH=/m);
    }
    expect(readFileSync(join(dir, "dbt.env"), "utf8")).toMatch(/^STOREMATCH_DBT_RUN_ID=r1$/m);
    expect(readFileSync(join(dir, "dbt.env"), "utf8")).toMatch(new RegExp(`^STOREMATCH_DATA_DIR=${join(dir, "data")}$`, "m"));
  });

  it("OIDC sign-in needs an email the identity provider verified", () => {
    expect(oidcEmailVerified({ email: "a@corp.example", email_verified: true })).toBe(true);
    expect(oidcEmailVerified({ email: "a@corp.example", email_verified: "true" })).toBe(true);
    expect(oidcEmailVerified({ email: "a@corp.example", email_verified: false })).toBe(false);
    expect(oidcEmailVerified({ email: "a@corp.example" })).toBe(false);
    expect(oidcEmailVerified({ email_verified: true })).toBe(false);
    expect(oidcEmailVerified(undefined)).toBe(false);
  });

  it("a missing manifest's message does not show its path", () => {
    const path = "/very/private/workspace/versions/v3/manifest.json";
    const e = (() => {
      try {
        readManifest({ id: "v3", manifest: path, expiredAt: null } as Parameters<typeof readManifest>[0]);
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(AppError);
    expect((e as Error).message).toBe("version v3 has no manifest on disk: its files are missing (the server log names the path)");
    expect((e as Error).message).not.toContain("/very/private");
  });

  it("the quick start prints the demo passwords once, when it creates the users", () => {
    const dataDir = join(tempDir(), "data");
    const env = workspaceEnv({ STOREMATCH_DATA_DIR: dataDir });
    const run = () => spawnSync("bash", [join(ROOT, "scripts", "demo-users.sh")], { env, encoding: "utf8" });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout.match(/password: \S{12,}/g)).toHaveLength(3);
    const second = run();
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).not.toMatch(/password: /);
    for (const line of readFileSync(join(dataDir, "demo-users.txt"), "utf8").trim().split("\n")) expect(first.stdout).toContain(line);
    expect(statSync(join(dataDir, "demo-users.txt")).mode & 0o077).toBe(0);
  });
});
