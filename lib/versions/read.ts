import type { Config } from "../config";
import type { VersionReader } from "../warehouse/port";
import type { Manifest } from "./manifest";
import { versionManifest } from "./registry";
import { versionStore } from "./store";

/**
 * Read one version (default: the promoted one, i.e. MART) for one command: never the live
 * warehouse, so a run in progress changes nothing. The console uses the cached versionReader.
 */
export async function withVersion<T>(config: Config, spec: string | undefined, fn: (r: VersionReader, manifest: Manifest) => Promise<T>): Promise<T> {
  const manifest = await versionManifest(config, spec ?? "promoted");
  return versionStore(config).withReader(manifest, (r) => fn(r, manifest));
}
