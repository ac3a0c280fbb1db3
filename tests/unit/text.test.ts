import { describe, expect, it } from "vitest";
import { cleanText, MAX_ID_CHARS, TextError, zId, zText } from "../../lib/text";

describe("one text validation for every entry point", () => {
  it("refuses control characters, naming the code point and where", () => {
    expect(() => cleanText("GI\u00001", "store id")).toThrow(new TextError("store id", "contains a control character (U+0000 at position 3)"));
    expect(() => cleanText("a\u0085b", "reason")).toThrow("reason contains a control character (U+0085 at position 2)");
    expect(() => cleanText("line\nbreak", "note")).toThrow("note contains a control character (U+000A at position 5)");
  });

  it("limits ids to 200 characters and text to 2,000", () => {
    expect(cleanText("x".repeat(MAX_ID_CHARS), "store id", { max: MAX_ID_CHARS })).toHaveLength(200);
    expect(() => cleanText("x".repeat(201), "store id", { max: MAX_ID_CHARS })).toThrow("store id is longer than 200 characters");
    expect(() => cleanText("x".repeat(2001), "reason")).toThrow("reason is longer than 2000 characters");
    expect(() => cleanText("x".repeat(20_000_000), "store id", { max: MAX_ID_CHARS })).toThrow("store id is longer than 200 characters");
  });

  it("normalizes to NFC and trims, so one store id has one spelling", () => {
    expect(cleanText("  Cafe\u0301 ", "name")).toBe("Caf\u00e9");
    expect(zId().parse("Cafe\u0301")).toBe("Caf\u00e9");
    expect(() => cleanText("   ", "store id")).toThrow("store id is empty");
    expect(cleanText("", "note", { required: false })).toBe("");
  });

  it("has a zod form with the same rules", () => {
    expect(zId().safeParse("G\u0000").error?.issues[0]?.message).toBe("contains a control character (U+0000 at position 2)");
    expect(zId().safeParse("x".repeat(201)).error?.issues[0]?.message).toBe("is longer than 200 characters");
    expect(zText(500, 3, "needs a few words").safeParse("ab").error?.issues[0]?.message).toBe("needs a few words");
  });
});
