import type { Config } from "../config";
import { warehouse } from "../warehouse";
import type { VersionReader } from "../warehouse/port";
import type { Manifest } from "./manifest";
import { readManifest, resolveVersion } from "./registry";

/**
 * Read one version (default: the promoted one, i.e. MART) for one command: never the live
 * warehouse, so a run in progress changes nothing. The console uses the cached versionReader.
 */
export async function withVersion<T>(config: Config, spec: string | undefined, fn: (r: VersionReader, manifest: Manifest) => Promise<T>): Promise<T> {
  const manifest = readManifest(await resolveVersion(config, spec ?? "promoted"));
  return warehouse(config).withVersion(manifest, (r) => fn(r, manifest));
}
