/**
 * On server start, open the promoted version's reader in the background (a few seconds on a
 * 1M-store version), so that the first person to open a dashboard does not wait for it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { privateUmask } = await import("./lib/workspace-files");
  privateUmask(); // workspace files 0600, folders 0700 (the control plane holds password hashes)
  const { loadConfig } = await import("./lib/config");
  const { versionReader } = await import("./lib/versions/reader");
  const { startRecoveryLoop } = await import("./lib/runner/queue");
  // Runs left by a console that died (kill -9, a crash): FAILED at start, and checked every 30 s.
  startRecoveryLoop(loadConfig());
  void versionReader(loadConfig()).catch(() => undefined); // no version yet: pages say so
}
