import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The workspace holds password hashes (control.sqlite and its WAL), the session secret and
 * the store data: nobody but its owner reads it. Every storematch process creates its files
 * 0600 and its folders 0700 (umask 077, inherited by dbt and the Python publisher).
 */
export function privateUmask(): void {
  process.umask(0o077);
}

/** Create the workspace folder 0700, and tighten one made before (folder and control-plane files). */
export function securePrivateDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  for (const f of ["control.sqlite", "control.sqlite-wal", "control.sqlite-shm", ".session-secret"]) {
    const p = join(/* turbopackIgnore: true */ dataDir, f);
    if (existsSync(p)) chmodSync(p, 0o600);
  }
}

/** Environment variables a child process (dbt, the Python publisher, git) may inherit: no secrets of the console. */
const CHILD_ENV_ALLOW = [/^PATH$/, /^HOME$/, /^USER$/, /^LOGNAME$/, /^LANG$/, /^LC_[A-Z_]+$/, /^TZ$/, /^TMPDIR$/, /^TERM$/, /^SHELL$/,
  /^SSL_CERT_(FILE|DIR)$/, /^REQUESTS_CA_BUNDLE$/, /^(HTTPS?|NO)_PROXY$/i, /^PYTHON[A-Z_]*$/, /^VIRTUAL_ENV$/,
  /^DBT_[A-Z_]+$/, /^DO_NOT_TRACK$/,
  /^STOREMATCH_(DATA_DIR|WAREHOUSE|ROOT|DBT_DIR|VENV|EXTERNAL_VOLUME)$/];

/**
 * The parent's environment reduced to the allowlist, plus `extra`. NEXTAUTH_SECRET and the OIDC
 * secret never pass, nor the console's SNOWFLAKE_* credentials: dbt gets its own identity's
 * variables from the runner (lib/runner/dbt-target.ts).
 */
export function childEnv(extra: Record<string, string> = {}, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && CHILD_ENV_ALLOW.some((re) => re.test(k))) out[k] = v;
  return { ...out, ...extra } as NodeJS.ProcessEnv;
}
