// Checks infra/terraform by parsing its HCL (@cdktf/hcl2json) and comparing it with the Snowflake
// provider's attribute schema (a fixture taken from the provider's generated cdktf bindings): no
// terraform provider binary and no Snowflake account are involved, so nothing here proves that
// Snowflake applies the files (see infra/README.md, "What was verified here, and how").
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { directGrants, effectiveGrants, instances, loadTerraform, Resolver, TERRAFORM_DIR, type Terraform } from "../infra/terraform";
import { level, readMatrix, type Matrix } from "../infra/readme-matrix";
import { checkBody, loadProviderSchema } from "../infra/provider-schema";
import { parse as parseHcl } from "@cdktf/hcl2json";

/** The schemas issue 12 asks for; the README may add more (SEEDS, MODEL, MART_NEXT). */
const REQUIRED_SCHEMAS = ["RAW", "STAGING", "GOLD", "DIAGNOSTICS", "CONTROL", "VERSIONS", "MART"];

let tf: Terraform;
let matrix: Matrix;
beforeAll(async () => {
  tf = await loadTerraform();
  matrix = readMatrix();
});

const sorted = (s: Iterable<string>) => [...s].sort();

describe("infra/terraform against the RBAC matrix of infra/README.md", () => {
  it("declares every schema of the matrix, and the matrix has every schema the issue asks for", () => {
    const declared = new Resolver(tf).schemas();
    expect(sorted(declared)).toEqual(sorted(matrix.schemas));
    for (const s of REQUIRED_SCHEMAS) expect(declared).toContain(s);
  });

  it("declares the database, both warehouses, the external volume and the four roles", () => {
    for (const a of ["snowflake_database.storematch", "snowflake_warehouse.transform", "snowflake_warehouse.app", "snowflake_external_volume.iceberg"]) {
      expect(tf.resources.has(a), a).toBe(true);
    }
    const roleResources = [...tf.resources.keys()].filter((a) => a.startsWith("snowflake_account_role."));
    const roles = roleResources.map((a) => new Resolver(tf).role({ address: a, body: {}, key: null, value: null }, `\${${a}.name}`));
    expect(sorted(roles)).toEqual(sorted(matrix.roles));
    expect(sorted(matrix.roles)).toEqual(["ADMIN", "ANALYST", "APP", "TRANSFORMER"]);
  });

  it("grants each role exactly the privileges of the matrix: nothing more, nothing less", () => {
    const { grants, hierarchy } = directGrants(tf);
    const effective = effectiveGrants(grants, hierarchy, matrix.roles);
    for (const role of matrix.roles) {
      const actual = effective.get(role)!;
      const expected = matrix.grants.get(role)!;
      const missing = sorted([...expected].filter((g) => !actual.has(g)));
      const extra = sorted([...actual].filter((g) => !expected.has(g)));
      expect({ role, missing, extra }).toEqual({ role, missing: [], extra: [] });
    }
    // No grant reaches a role outside the matrix (PUBLIC, a stray role).
    const grantees = new Set([...grants].map((g) => g.split("|")[0]!));
    for (const r of grantees) expect(matrix.roles).toContain(r);
  });

  it("has the README's role hierarchy, and ADMIN holds every privilege of the other three", () => {
    const { grants, hierarchy } = directGrants(tf);
    expect(sorted(hierarchy)).toEqual(sorted(matrix.hierarchy));
    const effective = effectiveGrants(grants, hierarchy, matrix.roles);
    for (const role of matrix.roles.filter((r) => r !== "ADMIN")) {
      const notInAdmin = [...effective.get(role)!].filter((g) => !effective.get("ADMIN")!.has(g));
      expect({ role, notInAdmin }).toEqual({ role, notInAdmin: [] });
    }
  });

  it("grants every table, Iceberg table and view privilege on current and on future objects", () => {
    const { grants } = directGrants(tf);
    for (const g of grants) {
      const m = /^(\w+)\|(all|future) (tables|iceberg tables|views) (\w+)\|(.+)$/.exec(g);
      if (!m) continue;
      const other = m[2] === "all" ? "future" : "all";
      expect(grants.has(`${m[1]}|${other} ${m[3]} ${m[4]}|${m[5]}`), `${g} has no ${other} counterpart`).toBe(true);
    }
  });

  it("keeps the README's summary consistent with its per-schema table", () => {
    for (const role of matrix.roles) {
      for (const schema of matrix.schemas) {
        expect(`${role} × ${schema}: ${matrix.summary.get(role)!.get(schema)}`).toBe(`${role} × ${schema}: ${level(matrix.details.get(role)!.get(schema))}`);
      }
    }
  });

  it("matches the issue's split: TRANSFORMER writes all but MART, APP and ANALYST read MART and DIAGNOSTICS, APP writes only the control tables", () => {
    const { grants, hierarchy } = directGrants(tf);
    const e = effectiveGrants(grants, hierarchy, matrix.roles);
    const writes = (role: string) => new Set([...e.get(role)!].filter((g) => /\|(INSERT|UPDATE|DELETE|TRUNCATE|CREATE .*|OWNERSHIP)$/.test(g)).map((g) => g.split("|")[0]!.split(" ").pop()!.split(".")[0]!));
    expect(sorted(writes("TRANSFORMER"))).toEqual(sorted(matrix.schemas.filter((s) => !s.startsWith("MART"))));
    expect(sorted(writes("APP"))).toEqual(["CONTROL"]);
    expect([...e.get("APP")!].filter((g) => /\|(INSERT|UPDATE|DELETE)$/.test(g)).every((g) => /^table CONTROL\.(REPROCESS_TRIGGERS|PAIR_DECISIONS)\|/.test(g))).toBe(true);
    expect(sorted(writes("ANALYST"))).toEqual([]);
    for (const role of ["APP", "ANALYST"]) {
      const readable = new Set([...e.get(role)!].filter((g) => g.endsWith("|SELECT")).map((g) => g.split("|")[0]!.split(" ").pop()!.split(".")[0]!));
      for (const s of ["MART", "DIAGNOSTICS"]) expect(readable.has(s), `${role} reads ${s}`).toBe(true);
    }
  });

  it("the evaluator refuses a grant shape it does not understand instead of ignoring it", () => {
    const bad: Terraform = {
      variables: tf.variables,
      resources: new Map([
        ...tf.resources,
        ["snowflake_grant_privileges_to_account_role.sneaky", { account_role_name: "${snowflake_account_role.app.name}", all_privileges: true, on_account: true }],
      ]),
    };
    expect(() => directGrants(bad)).toThrow(/sneaky: all_privileges is not allowed/);
    const dyn: Terraform = {
      variables: tf.variables,
      resources: new Map([...tf.resources, ["snowflake_grant_privileges_to_account_role.dyn", { for_each: "${local.x}", account_role_name: "x", privileges: ["SELECT"] }]]),
    };
    expect(() => directGrants(dyn)).toThrow(/dyn: for_each must be a literal map or toset/);
    const extra: Terraform = {
      variables: tf.variables,
      resources: new Map([
        ...tf.resources,
        ["snowflake_grant_privileges_to_account_role.extra", { account_role_name: "${snowflake_account_role.analyst.name}", privileges: ["SELECT"], on_schema_object: [{ future: [{ object_type_plural: "TABLES", in_schema: '${snowflake_schema.layer["GOLD"].fully_qualified_name}' }] }] }],
      ]),
    };
    const { grants, hierarchy } = directGrants(extra);
    expect(effectiveGrants(grants, hierarchy, ["ANALYST"]).get("ANALYST")!.has("future tables GOLD|SELECT")).toBe(true);
    expect(matrix.grants.get("ANALYST")!.has("future tables GOLD|SELECT")).toBe(false);
  });
});

/** The columns dbt gives a control table: its `control` source's columns, else the `create table if not exists control.X (…)` of a macro. */
function dbtControlColumns(table: string): string[] {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
  for (const file of walk(join(process.cwd(), "dbt", "models")).filter((f) => /\.ya?ml$/.test(f))) {
    const doc = parseYaml(readFileSync(file, "utf8")) as { sources?: { name: string; tables?: { name: string; columns?: { name: string }[] }[] }[] } | null;
    for (const source of doc?.sources ?? []) {
      if (source.name !== "control") continue;
      const t = source.tables?.find((x) => x.name.toLowerCase() === table);
      if (t?.columns?.length) return t.columns.map((c) => c.name.toLowerCase());
    }
  }
  for (const file of walk(join(process.cwd(), "dbt", "macros")).filter((f) => f.endsWith(".sql"))) {
    const m = new RegExp(`create\\s+table\\s+if\\s+not\\s+exists\\s+control\\.${table}\\s*\\(([^;]*?)\\)\\s*;`, "i").exec(readFileSync(file, "utf8"));
    if (m) return m[1]!.split(",").map((c) => c.trim().split(/\s+/)[0]!.toLowerCase());
  }
  throw new Error(`the dbt project declares no columns for control.${table}`);
}

describe("infra/terraform control tables", () => {
  for (const [resource, table] of [["reprocess_triggers", "reprocess_triggers"], ["pair_decisions", "pair_decisions"]] as const) {
    it(`CONTROL.${table.toUpperCase()} has the columns the dbt project reads`, () => {
      const body = tf.resources.get(`snowflake_table.${resource}`);
      expect(body, `snowflake_table.${resource}`).toBeDefined();
      expect(new Resolver(tf).schema({ address: resource, body: body!, key: null, value: null }, body!.schema)).toBe("CONTROL");
      expect(body!.name).toBe(table.toUpperCase());
      const columns = (body!.column as { name: string }[]).map((c) => c.name.toLowerCase());
      expect(sorted(columns)).toEqual(sorted(dbtControlColumns(table)));
    });
  }
});

describe("infra/terraform files", () => {
  it("hold no secret: credentials come from the environment", () => {
    const text = readdirSync(TERRAFORM_DIR).filter((f) => f.endsWith(".tf")).map((f) => readFileSync(join(TERRAFORM_DIR, f), "utf8")).join("\n");
    expect(text).not.toMatch(/\b(password|private_key|token|secret)\s*=/i);
    expect(text).not.toMatch(/BEGIN (RSA |ENCRYPTED )?PRIVATE KEY/);
    const noDefault = [...tf.variables].filter(([, v]) => v.default === undefined).map(([k]) => k);
    expect(sorted(noDefault)).toEqual(["iceberg_storage_base_url", "snowflake_account_name", "snowflake_organization_name", "snowflake_user"]);
  });

  it("every for_each instance resolves (no unsupported expression anywhere in the grants)", () => {
    for (const [address, body] of tf.resources) expect(instances(address, body).length).toBeGreaterThan(0);
  });

  // terraform itself is not a dependency of the project (not in Debian; its provider cannot be
  // downloaded here): when a terraform binary is on the PATH, its formatter checks the files.
  const terraform = (() => { try { execFileSync("terraform", ["version"], { stdio: "ignore" }); return true; } catch { return false; } })();
  it.skipIf(!terraform)("are formatted as `terraform fmt` writes them (only where a terraform binary exists)", () => {
    execFileSync("terraform", ["fmt", "-check", "-recursive", TERRAFORM_DIR], { stdio: "pipe", env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } });
  });
});

describe("infra/terraform against the provider's schema (in place of `terraform validate`)", () => {
  const schema = loadProviderSchema();
  const files = () => readdirSync(TERRAFORM_DIR).filter((f) => f.endsWith(".tf"));

  it("uses only attributes and blocks the provider has, with every required one and valid literal values", async () => {
    expect(schema.source).toMatch(/snowflakedb\/snowflake 2\./);
    const problems: string[] = [];
    for (const [address, body] of tf.resources) {
      const type = address.split(".")[0]!;
      const s = schema.resources[type];
      if (!s) problems.push(`${address}: resource type ${type} is not in tests/fixtures/snowflake-provider-schema.json (run node scripts/snowflake-provider-schema.mjs)`);
      else problems.push(...checkBody(address, body, s));
    }
    for (const f of files()) {
      const json = (await parseHcl(f, readFileSync(join(TERRAFORM_DIR, f), "utf8"))) as { provider?: Record<string, Record<string, unknown>[]> };
      for (const [name, blocks] of Object.entries(json.provider ?? {})) {
        expect(name).toBe("snowflake");
        blocks.forEach((b, i) => problems.push(...checkBody(`${f} provider.${name}[${i}]`, b, schema.provider)));
      }
    }
    expect(problems).toEqual([]);
  });

  it("reports a misspelt attribute, a missing required one and an invalid value (the check is live)", () => {
    const grant = tf.resources.get("snowflake_grant_privileges_to_account_role.app_future_views")!;
    const broken = { ...grant, privilege: ["SELECT"], on_schema_object: [{ future: [{ object_type_plural: "VIEW", in_schema: "x" }] }] } as Record<string, unknown>;
    delete broken.account_role_name;
    expect(checkBody("g", broken, schema.resources.snowflake_grant_privileges_to_account_role!).sort()).toEqual([
      'g.on_schema_object[0].future[0].object_type_plural: "VIEW" is not one of the provider\'s valid values',
      'g: required attribute "account_role_name" is missing',
      'g: unknown attribute "privilege"',
    ]);
  });
});
