import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/** A throwaway PostgreSQL server for tests: its own data directory, a free loopback port, trust auth. */
export interface TestPostgres {
  /** postgresql://postgres@127.0.0.1:<port> (append /<database>). */
  baseUrl: string;
  dir: string;
  stop: () => void;
}

/** The database every test workspace's control plane is copied from (tests/postgres-global-setup.ts). */
export const PG_TEMPLATE_DB = "sm_template";

/**
 * Create database `name` on the test server of `baseUrl` as a copy of `template` (synchronous:
 * tests/helpers.ts derives a workspace's DATABASE_URL synchronously). One that exists already is kept.
 */
export function createDatabaseFromTemplate(baseUrl: string, name: string, template: string): void {
  const u = new URL(baseUrl);
  try {
    execFileSync(join(postgresBinDir(), "createdb"), ["-h", u.hostname, "-p", u.port, "-U", decodeURIComponent(u.username), "-T", template, name], {
      encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000, env: { ...process.env, PGCONNECT_TIMEOUT: "10" },
    });
  } catch (e) {
    const stderr = String((e as { stderr?: string }).stderr ?? "");
    if (!/already exists/.test(stderr)) throw new Error(`createdb ${name} -T ${template} on the test PostgreSQL server failed: ${stderr.trim() || (e as Error).message}`);
  }
}

/** Debian's server binaries (initdb, pg_ctl), newest version first; PATH as a fallback. */
export function postgresBinDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length) return join(root, versions[0]!, "bin");
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("PostgreSQL server binaries not found (initdb): run scripts/setup.sh as root, or apt-get install postgresql");
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** initdb in a temp dir, pg_ctl start on a free 127.0.0.1 port (socket in the temp dir). As root, the server runs as the postgres user (initdb refuses root). */
export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), "storematch-pg-"));
  const asRoot = userInfo().uid === 0;
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, cmd), ...args]] : [join(bin, cmd), args];
    return execFileSync(file, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  };
  if (asRoot) {
    const ids = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim();
    const gid = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  const data = join(dir, "data");
  run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const port = await freePort();
  // Durability off: a throwaway server (nothing survives the test run).
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400`;
  run("pg_ctl", ["-D", data, "-o", opts, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
  let stopped = false;
  return {
    baseUrl: `postgresql://postgres@127.0.0.1:${port}`,
    dir,
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
