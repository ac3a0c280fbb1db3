#!/usr/bin/env node
// Writes tests/fixtures/snowflake-provider-schema.json: the attribute and block schema of the
// Snowflake Terraform provider for the resource types infra/terraform uses, so that a test can
// check the HCL's names without the provider binary (which cannot be downloaded here). The
// schema comes from @cdktf/provider-snowflake (generated from the provider's own schema): its
// jsii manifest, fetched with `npm pack` into a temporary folder, never installed.
//   node scripts/snowflake-provider-schema.mjs [cdktf-package-version]   (default 15.9.1 = provider 2.11.0)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "@cdktf/hcl2json";

const version = process.argv[2] ?? "15.9.1";
const root = process.cwd();
const tf = join(root, "infra", "terraform");

// The resource types the Terraform files use.
const types = new Set();
for (const f of readdirSync(tf).filter((x) => x.endsWith(".tf"))) {
  const json = await parse(f, readFileSync(join(tf, f), "utf8"));
  for (const t of Object.keys(json.resource ?? {})) types.add(t);
}

const tmp = mkdtempSync(join(tmpdir(), "cdktf-snowflake-"));
try {
  execFileSync("npm", ["pack", `@cdktf/provider-snowflake@${version}`, "--silent"], { cwd: tmp, stdio: ["ignore", "pipe", "inherit"] });
  const tgz = readdirSync(tmp).find((f) => f.endsWith(".tgz"));
  execFileSync("tar", ["xzf", tgz, "package/.jsii", "package/package.json"], { cwd: tmp });
  const jsii = JSON.parse(readFileSync(join(tmp, "package", ".jsii"), "utf8"));
  const pkg = JSON.parse(readFileSync(join(tmp, "package", "package.json"), "utf8"));
  const provider = pkg.cdktf?.provider ?? {};

  const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  const pascal = (s) => camel(s).replace(/^./, (c) => c.toUpperCase());
  /** The terraform name of a property: the anchor of its registry link (`…#account_role_name X#…`). */
  const tfName = (p) => /#(\w+) /.exec(`${p.docs?.remarks ?? ""} ${p.docs?.summary ?? ""}`)?.[1] ?? null;
  /** A struct type a property holds (a block), directly or as a list. */
  const structOf = (t) => {
    if (t.fqn && !t.fqn.startsWith("cdktf.")) return t.fqn;
    if (t.collection) return structOf(t.collection.elementtype);
    if (t.union) for (const u of t.union.types) { const s = structOf(u); if (s) return s; }
    return null;
  };
  /** "Valid values are: A | B" (or the provider's preview feature list) as an array. */
  const values = (p) => {
    const text = `${p.docs?.summary ?? ""} ${p.docs?.remarks ?? ""}`;
    const m = /(?:Valid values are|Available values are|Preview features that can be enabled are):?\s*(.+?)(?:\.\s|\.$|\n)/s.exec(text);
    if (!m) return undefined;
    return m[1].replace(/^\(case-insensitive\):\s*/, "").split("|").map((v) => v.replace(/[`\s]+/g, " ").trim()).filter(Boolean);
  };
  const describe = (fqn) => {
    const type = jsii.types[fqn];
    if (!type) throw new Error(`no type ${fqn} in the jsii manifest`);
    const out = {};
    for (const p of type.properties ?? []) {
      const name = tfName(p);
      if (!name) continue;
      const struct = structOf(p.type);
      const entry = { required: !p.optional };
      const v = values(p);
      if (v) entry.values = v;
      if (struct) entry.block = describe(struct);
      out[name] = entry;
    }
    return out;
  };

  const schema = {
    source: `@cdktf/provider-snowflake ${pkg.version} (jsii manifest), generated from the Terraform provider ${provider.name ?? "snowflakedb/snowflake"} ${provider.version ?? "?"}`,
    generatedBy: "node scripts/snowflake-provider-schema.mjs",
    provider: describe("@cdktf/provider-snowflake.provider.SnowflakeProviderConfig"),
    resources: {},
  };
  for (const t of [...types].sort()) {
    const mod = camel(t.replace(/^snowflake_/, ""));
    const fqn = `@cdktf/provider-snowflake.${mod}.${pascal(t.replace(/^snowflake_/, ""))}Config`;
    schema.resources[t] = describe(fqn);
  }
  const file = join(root, "tests", "fixtures", "snowflake-provider-schema.json");
  writeFileSync(file, JSON.stringify(schema, null, 1) + "\n");
  console.log(`wrote ${file}: ${types.size} resource types, ${schema.source}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
