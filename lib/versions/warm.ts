import type { Config } from "../config";
import { control } from "../control/db";
import { versionReader } from "./reader";

/**
 * For a console instance: keep the promoted version's reader warm. Polls the registry (one
 * indexed query every `everyMs`), so a promotion made on another instance, or by the CLI, is
 * loaded here within a few seconds, before anyone opens a page. Returns a stop function.
 */
export function startPromotedWarmer(config: Config, everyMs = 2_000, onWarm: (version: string) => void = () => undefined): () => void {
  let current: string | null = null;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const v = await control(config).version.findFirst({ where: { status: "PROMOTED" }, select: { id: true } });
      if (v && v.id !== current) {
        await versionReader(config, v.id);
        current = v.id;
        onWarm(v.id);
      }
    } catch {
      /* no version yet, or a version being published: the next tick tries again */
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
