import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers";

const MARKER = "// ---- models (keep identical in both providers' schemas) ----";
const schema = (provider: string) => readFileSync(join(ROOT, "prisma", provider, "schema.prisma"), "utf8");
const models = (provider: string) => {
  const text = schema(provider);
  expect(text, `prisma/${provider}/schema.prisma has the models marker`).toContain(MARKER);
  return text.slice(text.indexOf(MARKER));
};

describe("the control plane's two Prisma schemas", () => {
  it("declare the same models and enums (one generated type for callers), each with its provider and migrations", () => {
    expect(models("postgres")).toBe(models("sqlite"));
    expect(schema("sqlite")).toMatch(/provider\s*=\s*"sqlite"/);
    expect(schema("postgres")).toMatch(/provider\s*=\s*"postgresql"/);
    for (const [dir, provider] of [["sqlite", "sqlite"], ["postgres", "postgresql"]]) {
      expect(readFileSync(join(ROOT, "prisma", dir!, "migrations", "migration_lock.toml"), "utf8")).toContain(`provider = "${provider}"`);
      expect(readdirSync(join(ROOT, "prisma", dir!, "migrations")).filter((d) => /^\d{14}_/.test(d)).length).toBeGreaterThan(0);
    }
  });

  it("PostgreSQL keeps enums as enum types and Json as jsonb", () => {
    const dir = join(ROOT, "prisma", "postgres", "migrations");
    const sql = readdirSync(dir).filter((d) => /^\d{14}_/.test(d)).sort().map((d) => readFileSync(join(dir, d, "migration.sql"), "utf8")).join("\n");
    expect(sql).toContain(`CREATE TYPE "RunStatus" AS ENUM`);
    expect(sql).toMatch(/"status" "RunStatus" NOT NULL/);
    expect(sql).toMatch(/"metrics" JSONB NOT NULL/);
  });
});
