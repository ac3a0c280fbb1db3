import { describe, expect, it } from "vitest";
import { safeNextPath } from "../../lib/auth/next-path";

describe("safeNextPath (where sign-in sends you)", () => {
  it("keeps paths of the console, with their query and hash", () => {
    expect(safeNextPath("/stores/gi/GI-1?version=v2#c")).toBe("/stores/gi/GI-1?version=v2#c");
    expect(safeNextPath("/failures", "http://127.0.0.1:3210")).toBe("/failures");
    expect(safeNextPath("failures")).toBe("/failures");
    expect(safeNextPath(undefined)).toBe("/");
  });

  it.each([
    "/\\127.0.0.1:3101/x",
    "\\\\127.0.0.1:3101/x",
    "//127.0.0.1:3101/x",
    "/\\/evil.example",
    "http://127.0.0.1:3101/x",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\t/evil.example",
  ])("sends %j to / instead of another site", (next) => {
    expect(safeNextPath(next, "http://127.0.0.1:3210")).toBe("/");
    expect(safeNextPath(next)).toBe("/");
  });
});
