import type { APIRequestContext } from "@playwright/test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

interface ManifestEntry { exportedName: string; filename: string; workers: Record<string, unknown> }

/** The id Next.js gave a server action in this build (from .next's server reference manifest). */
export function actionId(exportedName: string): string {
  const file = resolve(import.meta.dirname, "..", ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { node: Record<string, ManifestEntry> };
  const hit = Object.entries(manifest.node).find(([, e]) => e.exportedName === exportedName);
  if (!hit) throw new Error(`no server action ${exportedName} in ${file}: is it used by a page?`);
  return hit[0];
}

export interface ActionResult { data?: unknown; serverError?: string; validationErrors?: unknown }

/**
 * Call a server action directly, the way the browser does (POST with a Next-Action header),
 * bypassing every button: the server alone decides. Returns the action's result object.
 */
export async function callAction(api: APIRequestContext, exportedName: string, input: unknown): Promise<ActionResult> {
  const res = await api.post("/", {
    headers: { "Next-Action": actionId(exportedName), "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
    data: JSON.stringify([input]),
  });
  const text = await res.text();
  if (res.status() !== 200) throw new Error(`${exportedName}: HTTP ${res.status()}: ${text.slice(0, 500)}`);
  // The flight response: line 0 is the envelope, line 1 the action's return value.
  const line = text.split("\n").find((l) => l.startsWith("1:"));
  if (!line) throw new Error(`${exportedName}: no result in ${text.slice(0, 500)}`);
  return JSON.parse(line.slice(2)) as ActionResult;
}
