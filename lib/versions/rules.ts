import type { Config } from "../config";
import { rulesOf, type MatchRules } from "../diagnostics/rules";
import { versionManifest } from "./registry";

export type { MatchRules } from "../diagnostics/rules";

/** The match rules a version (an id, promoted or latest) was built with, from its manifest. */
export async function versionRules(config: Config, spec: string): Promise<MatchRules> {
  return rulesOf(config, await versionManifest(config, spec));
}
