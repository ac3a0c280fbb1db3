/**
 * Checks HCL (as @cdktf/hcl2json gives it) against the Snowflake provider's attribute schema
 * (tests/fixtures/snowflake-provider-schema.json, from scripts/snowflake-provider-schema.mjs):
 * unknown attributes or blocks, missing required ones, and literal values outside a documented
 * list of valid values. A stand-in for `terraform validate`, which needs the provider binary.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface Attr { required: boolean; values?: string[]; block?: Schema }
export type Schema = Record<string, Attr>;
export interface ProviderSchema { source: string; provider: Schema; resources: Record<string, Schema> }

export const loadProviderSchema = (): ProviderSchema =>
  JSON.parse(readFileSync(join(process.cwd(), "tests", "fixtures", "snowflake-provider-schema.json"), "utf8")) as ProviderSchema;

const META = new Set(["for_each", "count", "provider", "depends_on", "lifecycle"]);
const isExpression = (v: unknown) => typeof v === "string" && v.includes("${");

/** Problems of one body against a schema, each naming where it is. */
export function checkBody(where: string, body: Record<string, unknown>, schema: Schema, meta = META): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (meta.has(key)) continue;
    const attr = schema[key];
    if (!attr) {
      problems.push(`${where}: unknown ${Array.isArray(value) && typeof value[0] === "object" ? "block" : "attribute"} "${key}"`);
      continue;
    }
    if (attr.block) {
      const blocks = Array.isArray(value) ? value : [value];
      blocks.forEach((b, i) => {
        if (typeof b !== "object" || b === null) problems.push(`${where}.${key}: expected a block`);
        else problems.push(...checkBody(`${where}.${key}[${i}]`, b as Record<string, unknown>, attr.block!, new Set()));
      });
    } else if (attr.values) {
      const allowed = new Set(attr.values.map((v) => v.toUpperCase()));
      for (const v of [value].flat()) {
        if (typeof v === "string" && !isExpression(v) && !allowed.has(v.toUpperCase())) problems.push(`${where}.${key}: "${v}" is not one of the provider's valid values`);
      }
    }
  }
  for (const [key, attr] of Object.entries(schema)) {
    if (attr.required && !(key in body)) problems.push(`${where}: required ${attr.block ? "block" : "attribute"} "${key}" is missing`);
  }
  return problems;
}
