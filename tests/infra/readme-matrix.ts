/**
 * The RBAC matrix of infra/README.md, read from its Markdown tables, so that the document and
 * the Terraform grants cannot drift apart: grants are "target|PRIVILEGE" per role, in the same
 * form as tests/infra/terraform.ts produces.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const README = join(process.cwd(), "infra", "README.md");

/** The first Markdown table after the heading `### title`: header cells and rows of cells. */
export function tableAfter(markdown: string, title: string): { header: string[]; rows: string[][] } {
  const lines = markdown.split("\n");
  const at = lines.findIndex((l) => l.trim() === `### ${title}`);
  if (at < 0) throw new Error(`infra/README.md has no heading "### ${title}"`);
  const start = lines.findIndex((l, i) => i > at && l.trim().startsWith("|"));
  const next = lines.findIndex((l, i) => i > at && l.startsWith("#"));
  if (start < 0 || (next >= 0 && next < start)) throw new Error(`infra/README.md: no table under "### ${title}"`);
  const block: string[] = [];
  for (let i = start; i < lines.length && lines[i]!.trim().startsWith("|"); i++) block.push(lines[i]!.trim());
  const cells = (l: string) => l.replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
  const [header, rule, ...rows] = block;
  if (!header || !rule || !/^\|[\s|:-]+\|$/.test(rule)) throw new Error(`infra/README.md: the table under "### ${title}" has no header rule`);
  const h = cells(header);
  const parsed = rows.map(cells);
  parsed.forEach((r, i) => { if (r.length !== h.length) throw new Error(`infra/README.md "### ${title}" row ${i + 1} has ${r.length} cells, the header ${h.length}`); });
  return { header: h, rows: parsed };
}

const list = (cell: string) => (cell === "—" ? [] : cell.split(",").map((p) => p.trim()).filter(Boolean));

export interface Matrix {
  roles: string[];
  schemas: string[];
  /** role → "target|PRIVILEGE" */
  grants: Map<string, Set<string>>;
  /** role → schema → the summary's word */
  summary: Map<string, Map<string, string>>;
  /** "CHILD>PARENT" */
  hierarchy: Set<string>;
  /** role → schema → the detail row's cells (on the schema, tables, Iceberg tables, views, named tables) */
  details: Map<string, Map<string, string[]>>;
}

export function readMatrix(file = README): Matrix {
  const md = readFileSync(file, "utf8");
  const summary = tableAfter(md, "Summary");
  const schemas = summary.header.slice(1);
  const roles = summary.rows.map((r) => r[0]!);
  const grants = new Map(roles.map((r) => [r, new Set<string>()]));
  const details = new Map(roles.map((r) => [r, new Map<string, string[]>()]));
  const summaryCells = new Map(summary.rows.map((r) => [r[0]!, new Map(schemas.map((s, i) => [s, r[i + 1]!]))]));

  const perSchema = tableAfter(md, "Privileges per schema");
  const expectHeader = ["role", "schema", "on the schema", "on tables", "on Iceberg tables", "on views", "on named tables"];
  if (perSchema.header.join("|") !== expectHeader.join("|")) throw new Error(`"### Privileges per schema" columns must be: ${expectHeader.join(" | ")}`);
  for (const [role, schema, onSchema, tables, iceberg, views, named] of perSchema.rows as string[][]) {
    const g = grants.get(role!);
    if (!g) throw new Error(`"### Privileges per schema": role ${role} is not in the summary`);
    if (!schemas.includes(schema!)) throw new Error(`"### Privileges per schema": schema ${schema} is not in the summary`);
    if (details.get(role!)!.has(schema!)) throw new Error(`"### Privileges per schema": ${role} × ${schema} is listed twice`);
    details.get(role!)!.set(schema!, [onSchema!, tables!, iceberg!, views!, named!]);
    for (const p of list(onSchema!)) g.add(`schema ${schema}|${p}`);
    for (const [cell, kind] of [[tables, "tables"], [iceberg, "iceberg tables"], [views, "views"]] as const) {
      for (const p of list(cell!)) for (const scope of ["all", "future"]) g.add(`${scope} ${kind} ${schema}|${p}`);
    }
    if (named !== "—") {
      const m = /^([A-Z_,\s]+):\s*(.+)$/.exec(named!);
      if (!m) throw new Error(`"### Privileges per schema": named tables must read "T1, T2: PRIV, PRIV", found "${named}"`);
      for (const t of list(m[1]!)) for (const p of list(m[2]!)) g.add(`table ${schema}.${t}|${p}`);
    }
  }

  for (const [role, object, privileges] of tableAfter(md, "Privileges on account objects").rows as string[][]) {
    const g = grants.get(role!);
    if (!g) throw new Error(`"### Privileges on account objects": role ${role} is not in the summary`);
    for (const p of list(privileges!)) g.add(`${object}|${p}`);
  }

  const hierarchy = new Set(tableAfter(md, "Role hierarchy").rows.map(([child, parent]) => `${child}>${parent}`));
  return { roles, schemas, grants, summary: summaryCells, hierarchy, details };
}

/** The summary's word for a role × schema, derived from its detail row (see the README's legend). */
export function level(detail: string[] | undefined): string {
  if (!detail) return "—";
  const [onSchema, tables, iceberg, , named] = detail as [string, string, string, string, string];
  if (list(onSchema).includes("OWNERSHIP")) return "owner";
  if (list(onSchema).some((p) => p.startsWith("CREATE ")) || list(tables).includes("INSERT") || list(iceberg).includes("INSERT")) return "write";
  const m = /^(.+):\s*(.+)$/.exec(named);
  if (m && list(m[2]!).includes("INSERT")) return `write (${list(m[1]!).length} tables)`;
  if (list(onSchema).includes("USAGE")) return "read";
  return "—";
}
