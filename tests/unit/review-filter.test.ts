import { describe, expect, it } from "vitest";
import { ReviewFilter, reviewFilterOf } from "../../lib/versions/review";

describe("review filters", () => {
  it("reads the page's query string, dropping what makes no sense", () => {
    expect(reviewFilterOf({ kind: "MATCHED", city: "  Lyon ", min: "20", max: "75.5" })).toEqual({ kind: "MATCHED", city: "Lyon", minProbability: 20, maxProbability: 75.5 });
    expect(reviewFilterOf({ kind: "POSSIBLE", city: " ", min: "-1", max: "abc" })).toEqual({ kind: undefined, city: undefined, minProbability: undefined, maxProbability: undefined });
    expect(reviewFilterOf({ min: "0" }).minProbability).toBe(0);
  });

  it("as an action's input, refuses unknown keys and out-of-range bounds with a message", () => {
    expect(ReviewFilter.safeParse({ kind: "MATCHED", maxProbability: 90 }).success).toBe(true);
    expect(ReviewFilter.safeParse({ minProbability: 120 }).error?.issues[0]?.message).toBe("must be between 0 and 100");
    expect(ReviewFilter.safeParse({ status: "PENDING" }).success).toBe(false);
  });
});
