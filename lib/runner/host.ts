import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import type { Config } from "../config";

const HOST_FILE = ".host-id";
const cache = new Map<string, string>();

/**
 * This machine's (or container's) id in leases and runs: STOREMATCH_HOST_ID when set, else the
 * hostname and a random id kept in the workspace (`.host-id`, made once). Two console
 * instances on one machine share it; processes are only ever judged (alive, killed) by a
 * process of the same host, since a pid means nothing on another machine.
 */
export function hostId(config: Config): string {
  if (config.hostId) return config.hostId;
  let id = cache.get(config.dataDir);
  if (!id) {
    const file = join(config.dataDir, HOST_FILE);
    let token = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
    if (!/^[0-9a-f]{16}$/.test(token)) {
      token = randomBytes(8).toString("hex");
      try {
        writeFileSync(file, token + "\n", { flag: "wx", mode: 0o600 });
      } catch {
        token = readFileSync(file, "utf8").trim() || token; // another process made it first
      }
    }
    // The hostname is part of it: containers sharing one data volume are still different hosts.
    id = `${hostname()}:${token}`;
    cache.set(config.dataDir, id);
  }
  return id;
}
