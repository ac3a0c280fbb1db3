import type { Config } from "../config";
import type { Db } from "../control/db";
import { versionReader } from "./reader";
import { resolveVersion } from "./registry";

/** Precision and recall of a set of matched pairs against stewards' labels (pair decisions). */
export interface LabelAccuracy {
  /** Labels counted: MATCH (positive) and NO_MATCH (negative). */
  positives: number;
  negatives: number;
  /** MATCH labels the version matched. */
  truePositives: number;
  /** NO_MATCH labels the version matched anyway. */
  falsePositives: number;
  /** MATCH labels the version did not match. */
  falseNegatives: number;
  /** TP / (TP + FP); null when the version matched no labelled pair. */
  precision: number | null;
  /** TP / (TP + FN); null without a MATCH label. */
  recall: number | null;
}

const key = (giId: string, thId: string) => `${giId}|${thId}`;

/**
 * Score matched pairs against labels: MATCH is a positive label, NO_MATCH a negative one.
 * Pairs nobody labelled count neither way (precision is over labelled pairs only).
 */
export function labelAccuracy(matched: Iterable<{ giId: string; thId: string }>, labels: Iterable<{ giId: string; thId: string; decision: "MATCH" | "NO_MATCH" }>): LabelAccuracy {
  const m = new Set<string>();
  for (const p of matched) m.add(key(p.giId, p.thId));
  let positives = 0, negatives = 0, tp = 0, fp = 0;
  for (const l of labels) {
    const hit = m.has(key(l.giId, l.thId));
    if (l.decision === "MATCH") {
      positives++;
      if (hit) tp++;
    } else {
      negatives++;
      if (hit) fp++;
    }
  }
  const fn = positives - tp;
  return {
    positives, negatives, truePositives: tp, falsePositives: fp, falseNegatives: fn,
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: positives === 0 ? null : tp / positives,
  };
}

export interface VersionAccuracy {
  version: string;
  /** Every label. A label recorded before the version's run was applied by it (decisions win over scores), so it agrees by construction. */
  all: LabelAccuracy;
  /** Labels recorded after the version was published: the version never saw them, the honest test. */
  unseen: LabelAccuracy;
}

/** A version's MATCHED pairs against the stewards' pair decisions. */
export async function versionAccuracy(config: Config, db: Db, spec = "promoted"): Promise<VersionAccuracy> {
  const v = await resolveVersion(config, spec);
  const reader = await versionReader(config, v.id);
  const matched = await reader.matchedPairs();
  const labels = (await db.pairDecision.findMany({ select: { giId: true, thId: true, decision: true, createdAt: true } }))
    .filter((l): l is typeof l & { decision: "MATCH" | "NO_MATCH" } => l.decision === "MATCH" || l.decision === "NO_MATCH");
  return {
    version: v.id,
    all: labelAccuracy(matched, labels),
    unseen: labelAccuracy(matched, labels.filter((l) => l.createdAt > v.createdAt)),
  };
}
