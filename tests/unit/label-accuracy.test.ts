import { describe, expect, it } from "vitest";
import { labelAccuracy } from "../../lib/versions/accuracy";

describe("accuracy on stewards' labels", () => {
  const matched = [{ giId: "G1", thId: "T1" }, { giId: "G2", thId: "T2" }, { giId: "G3", thId: "T3" }, { giId: "G4", thId: "T4" }];

  it("MATCH labels are positives, NO_MATCH negatives; unlabelled matches count neither way", () => {
    const a = labelAccuracy(matched, [
      { giId: "G1", thId: "T1", decision: "MATCH" }, // true positive
      { giId: "G2", thId: "T2", decision: "MATCH" }, // true positive
      { giId: "G3", thId: "T3", decision: "NO_MATCH" }, // false positive: matched although a steward said no
      { giId: "G5", thId: "T5", decision: "MATCH" }, // false negative: not matched
      { giId: "G6", thId: "T6", decision: "NO_MATCH" }, // true negative
      { giId: "G1", thId: "T2", decision: "NO_MATCH" }, // another pairing of matched stores: a true negative, not a hit
    ]);
    expect(a).toEqual({ positives: 3, negatives: 3, truePositives: 2, falsePositives: 1, falseNegatives: 1, precision: 2 / 3, recall: 2 / 3 });
  });

  it("says nothing rather than 0% or 100% when there is nothing to measure", () => {
    expect(labelAccuracy(matched, [])).toMatchObject({ precision: null, recall: null });
    expect(labelAccuracy(matched, [{ giId: "G9", thId: "T9", decision: "NO_MATCH" }])).toMatchObject({ precision: null, recall: null, negatives: 1 });
    expect(labelAccuracy([], [{ giId: "G1", thId: "T1", decision: "MATCH" }])).toMatchObject({ precision: null, recall: 0, falseNegatives: 1 });
  });
});
