/**
 * On server start, open the promoted version's reader in the background (a few seconds on a
 * 1M-store version), so that the first person to open a dashboard does not wait for it, and
 * keep it warm across promotions made elsewhere (lib/versions/warm.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { privateUmask } = await import("./lib/workspace-files");
  privateUmask(); // workspace files 0600, folders 0700 (the control plane holds password hashes)
  const { loadConfig } = await import("./lib/config");
  const { startPromotedWarmer } = await import("./lib/versions/warm");
  const { startRecoveryLoop } = await import("./lib/runner/queue");
  // Runs left by a console that died (kill -9, a crash; here or on another host): FAILED at start, and checked every 5 s.
  startRecoveryLoop(loadConfig());
  // The promoted version's reader, warmed now and again whenever another instance (or the CLI) promotes one.
  startPromotedWarmer(loadConfig(), 2_000, (v) => console.log(`[storematch] reader warm: promoted version ${v}`));
}
