/**
 * Reads infra/terraform with @cdktf/hcl2json (HCL → JSON, no terraform binary, no provider) and
 * turns its grant resources into a flat set of grants: "ROLE|target|PRIVILEGE". It evaluates
 * only the few expression shapes the files use (for_each over a literal set or map, each.key,
 * each.value, references to resources and to variable defaults); any other shape throws with
 * the resource's name, so a grant written differently fails the test instead of being skipped.
 */
import { parse } from "@cdktf/hcl2json";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

type Json = Record<string, unknown>;
export interface Terraform {
  resources: Map<string, Json>; // "type.name" → body
  variables: Map<string, Json>;
}

export const TERRAFORM_DIR = join(process.cwd(), "infra", "terraform");

/** Every .tf file of the folder, merged (a duplicated resource address throws). */
export async function loadTerraform(dir = TERRAFORM_DIR): Promise<Terraform> {
  const resources = new Map<string, Json>();
  const variables = new Map<string, Json>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".tf")).sort()) {
    const json = (await parse(file, readFileSync(join(dir, file), "utf8"))) as Json;
    for (const [type, byName] of Object.entries((json.resource ?? {}) as Record<string, Record<string, Json[]>>)) {
      for (const [name, bodies] of Object.entries(byName)) {
        const address = `${type}.${name}`;
        if (resources.has(address) || bodies.length !== 1) throw new Error(`${file}: ${address} is declared more than once`);
        resources.set(address, bodies[0]!);
      }
    }
    for (const [name, bodies] of Object.entries((json.variable ?? {}) as Record<string, Json[]>)) variables.set(name, bodies[0]!);
  }
  return { resources, variables };
}

export interface Instance {
  address: string;
  body: Json;
  key: string | null;
  value: unknown;
}

/** A resource's instances: one, or one per for_each entry (a literal map, or toset([...]) of strings). */
export function instances(address: string, body: Json): Instance[] {
  const fe = body.for_each;
  if (fe === undefined) return [{ address, body, key: null, value: null }];
  if (typeof fe === "object" && fe !== null && !Array.isArray(fe)) {
    return Object.entries(fe as Json).map(([key, value]) => ({ address: `${address}["${key}"]`, body, key, value }));
  }
  const m = typeof fe === "string" ? /^\$\{toset\((\[.*\])\)\}$/s.exec(fe) : null;
  if (!m) throw new Error(`${address}: for_each must be a literal map or toset([...]) of strings, found ${JSON.stringify(fe)}`);
  const keys = JSON.parse(m[1]!) as unknown[];
  if (!keys.every((k) => typeof k === "string")) throw new Error(`${address}: for_each lists a non-string`);
  return (keys as string[]).map((key) => ({ address: `${address}["${key}"]`, body, key, value: key }));
}

/** A string attribute with each.key / each.value substituted; "${each.value}" alone yields the value itself. */
function evaluate(inst: Instance, raw: unknown, what: string): unknown {
  if (typeof raw !== "string") return raw;
  if (raw === "${each.value}") {
    if (inst.key === null) throw new Error(`${inst.address}: ${what} uses each.value without for_each`);
    return inst.value;
  }
  if (!raw.includes("each.")) return raw;
  if (inst.key === null) throw new Error(`${inst.address}: ${what} uses each.key without for_each`);
  const out = raw.replaceAll("[each.key]", `["${inst.key}"]`);
  if (out.includes("each.")) throw new Error(`${inst.address}: ${what} uses each.* in an unsupported way: ${raw}`);
  return out;
}

function one(inst: Instance, body: Json, name: string): Json {
  const v = body[name];
  if (!Array.isArray(v) || v.length !== 1) throw new Error(`${inst.address}: expected exactly one ${name} block`);
  return v[0] as Json;
}

function stringList(inst: Instance, raw: unknown, what: string): string[] {
  const v = evaluate(inst, raw, what);
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string") || v.length === 0) throw new Error(`${inst.address}: ${what} must be a non-empty list of strings, found ${JSON.stringify(v)}`);
  return v as string[];
}

export class Resolver {
  constructor(private tf: Terraform) {}

  variableDefault(name: string): string {
    const d = this.tf.variables.get(name)?.default;
    if (typeof d !== "string") throw new Error(`variable ${name} has no string default`);
    return d;
  }

  /** The schemas: the for_each set of snowflake_schema.layer. */
  schemas(): string[] {
    const body = this.tf.resources.get("snowflake_schema.layer");
    if (!body) throw new Error("no resource snowflake_schema.layer");
    const others = [...this.tf.resources.keys()].filter((a) => a.startsWith("snowflake_schema.") && a !== "snowflake_schema.layer");
    if (others.length) throw new Error(`schemas outside snowflake_schema.layer: ${others.join(", ")}`);
    return instances("snowflake_schema.layer", body).map((i) => i.key!);
  }

  /** A README role name (TRANSFORMER…) from "${snowflake_account_role.x.name}" or a variable ("${var.admin_parent_role}"). */
  role(inst: Instance, raw: unknown): string {
    const expr = evaluate(inst, raw, "role");
    const v = typeof expr === "string" ? /^\$\{var\.(\w+)\}$/.exec(expr) : null;
    if (v) return this.variableDefault(v[1]!);
    const m = typeof expr === "string" ? /^\$\{snowflake_account_role\.(\w+)\.name\}$/.exec(expr) : null;
    if (!m) throw new Error(`${inst.address}: role must reference snowflake_account_role.<name>.name, found ${JSON.stringify(expr)}`);
    const body = this.tf.resources.get(`snowflake_account_role.${m[1]}`);
    if (!body) throw new Error(`${inst.address}: no snowflake_account_role.${m[1]}`);
    const n = /^\$\{var\.role_prefix\}([A-Z_]+)$/.exec(String(body.name));
    if (!n) throw new Error(`snowflake_account_role.${m[1]}: name must be "\${var.role_prefix}NAME", found ${JSON.stringify(body.name)}`);
    return n[1]!;
  }

  /** A schema name from a reference to snowflake_schema.layer["X"] (.fully_qualified_name or .name). */
  schema(inst: Instance, raw: unknown): string {
    const expr = evaluate(inst, raw, "schema");
    const m = typeof expr === "string" ? /^\$\{snowflake_schema\.layer\["(\w+)"\]\.(fully_qualified_name|name)\}$/.exec(expr) : null;
    if (!m) throw new Error(`${inst.address}: schema must reference snowflake_schema.layer[...], found ${JSON.stringify(expr)}`);
    if (!this.schemas().includes(m[1]!)) throw new Error(`${inst.address}: schema ${m[1]} is not declared`);
    return m[1]!;
  }

  /** "SCHEMA.TABLE" from a reference to a snowflake_table. */
  table(inst: Instance, raw: unknown): string {
    const expr = evaluate(inst, raw, "table");
    const m = typeof expr === "string" ? /^\$\{snowflake_table\.(\w+)\.fully_qualified_name\}$/.exec(expr) : null;
    if (!m) throw new Error(`${inst.address}: table must reference snowflake_table.<name>.fully_qualified_name, found ${JSON.stringify(expr)}`);
    const body = this.tf.resources.get(`snowflake_table.${m[1]}`);
    if (!body) throw new Error(`${inst.address}: no snowflake_table.${m[1]}`);
    const tableInst = { address: `snowflake_table.${m[1]}`, body, key: null, value: null };
    return `${this.schema(tableInst, body.schema)}.${String(body.name)}`;
  }

  /** "database", "warehouse NAME" or "external volume" from an on_account_object block. */
  accountObject(inst: Instance, block: Json): string {
    const type = String(block.object_type);
    const name = evaluate(inst, block.object_name, "object_name");
    const patterns: [string, RegExp, (m: RegExpExecArray) => string][] = [
      ["DATABASE", /^\$\{snowflake_database\.storematch\.name\}$/, () => "database"],
      ["WAREHOUSE", /^\$\{snowflake_warehouse\.(\w+)\.name\}$/, (m) => `warehouse ${m[1]!.toUpperCase()}`],
      ["EXTERNAL VOLUME", /^\$\{snowflake_external_volume\.iceberg\.name\}$/, () => "external volume"],
    ];
    for (const [t, re, label] of patterns) {
      const m = t === type && typeof name === "string" ? re.exec(name) : null;
      if (m) return label(m);
    }
    throw new Error(`${inst.address}: unsupported account object ${type} ${JSON.stringify(name)}`);
  }
}

const PLURAL: Record<string, string> = { TABLES: "tables", "ICEBERG TABLES": "iceberg tables", VIEWS: "views" };

/** Grants given directly to each role, as "ROLE|target|PRIVILEGE"; and the role hierarchy as "CHILD>PARENT". */
export function directGrants(tf: Terraform): { grants: Set<string>; hierarchy: Set<string> } {
  const r = new Resolver(tf);
  const grants = new Set<string>();
  const hierarchy = new Set<string>();
  const allowed = new Set(["snowflake_grant_privileges_to_account_role", "snowflake_grant_ownership", "snowflake_grant_account_role"]);
  for (const [address, body] of tf.resources) {
    const type = address.split(".")[0]!;
    if (type.startsWith("snowflake_grant") && !allowed.has(type)) throw new Error(`${address}: grant resource type ${type} is not covered by the RBAC test`);
    if (!allowed.has(type)) continue;
    for (const inst of instances(address, body)) {
      if (type === "snowflake_grant_account_role") {
        if (body.user_name !== undefined) throw new Error(`${address}: roles are granted to users outside Terraform`);
        hierarchy.add(`${r.role(inst, body.role_name)}>${r.role(inst, body.parent_role_name)}`);
        continue;
      }
      for (const forbidden of ["all_privileges", "with_grant_option", "always_apply", "database_role_name"]) {
        if (body[forbidden] !== undefined) throw new Error(`${address}: ${forbidden} is not allowed (the matrix lists privileges one by one)`);
      }
      const role = r.role(inst, body.account_role_name);
      const add = (target: string, privileges: string[]) => privileges.forEach((p) => grants.add(`${role}|${target}|${p}`));
      if (type === "snowflake_grant_ownership") {
        const on = one(inst, body, "on");
        if (on.object_type !== "SCHEMA") throw new Error(`${address}: ownership is only expected on schemas`);
        add(`schema ${r.schema(inst, on.object_name)}`, ["OWNERSHIP"]);
        continue;
      }
      const privileges = stringList(inst, body.privileges, "privileges");
      const kinds = ["on_account", "on_account_object", "on_schema", "on_schema_object"].filter((k) => body[k] !== undefined);
      if (kinds.length !== 1) throw new Error(`${address}: expected exactly one of on_account_object, on_schema, on_schema_object`);
      if (kinds[0] === "on_account") throw new Error(`${address}: account-wide privileges are not part of the matrix`);
      if (kinds[0] === "on_account_object") {
        add(r.accountObject(inst, one(inst, body, "on_account_object")), privileges);
      } else if (kinds[0] === "on_schema") {
        const s = one(inst, body, "on_schema");
        if (s.schema_name === undefined) throw new Error(`${address}: only on_schema { schema_name } is expected (no all/future schemas)`);
        add(`schema ${r.schema(inst, s.schema_name)}`, privileges);
      } else {
        const o = one(inst, body, "on_schema_object");
        for (const scope of ["all", "future"] as const) {
          if (o[scope] === undefined) continue;
          const b = one(inst, o, scope);
          const plural = PLURAL[String(b.object_type_plural)];
          if (!plural || b.in_database !== undefined) throw new Error(`${address}: ${scope} ${String(b.object_type_plural)} in ${b.in_database ? "a database" : "a schema"} is not expected`);
          add(`${scope} ${plural} ${r.schema(inst, b.in_schema)}`, privileges);
        }
        if (o.object_type !== undefined) {
          if (o.object_type !== "TABLE") throw new Error(`${address}: only TABLE objects are expected`);
          add(`table ${r.table(inst, o.object_name)}`, privileges);
        }
      }
    }
  }
  return { grants, hierarchy };
}

/** Each role's grants plus those of every role granted to it. */
export function effectiveGrants(direct: Set<string>, hierarchy: Set<string>, roles: string[]): Map<string, Set<string>> {
  const children = (role: string) => [...hierarchy].filter((e) => e.endsWith(`>${role}`)).map((e) => e.split(">")[0]!);
  const out = new Map<string, Set<string>>();
  const collect = (role: string, seen: Set<string>): Set<string> => {
    if (seen.has(role)) throw new Error(`role cycle through ${role}`);
    const set = new Set([...direct].filter((g) => g.startsWith(`${role}|`)).map((g) => g.slice(role.length + 1)));
    for (const c of children(role)) for (const g of collect(c, new Set([...seen, role]))) set.add(g);
    return set;
  };
  for (const role of roles) out.set(role, collect(role, new Set()));
  return out;
}
