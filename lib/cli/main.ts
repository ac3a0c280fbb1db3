import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { userInfo } from "node:os";
import { authorize } from "../auth/authorize";
import { ROLES, type Permission } from "../auth/permissions";
import { loadConfig } from "../config";
import { audit } from "../control/audit";
import { AppError } from "../control/errors";
import { closeControl, control } from "../control/db";
import { listDecisions, removeDecision, setDecision } from "../control/decisions";
import { getSettings, setSetting, SETTINGS, type SettingKey } from "../control/settings";
import { countTriggersByStatus, createTrigger, decideTriggers, listTriggers, TRIGGER_STATUSES, type TriggerDto } from "../control/triggers";
import { addUser, disableUser, enableUser, listUsers, resetPassword, setUserRole } from "../control/users";
import { exportMatches } from "../export";
import { DROPPABLE_COLUMNS, generate, MAX_GENERATED_STORES, writeGenerated } from "../generate/generate";
import { PROFILE_NAMES, PROFILES } from "../generate/profiles";
import { createManualTrigger } from "../heal/manual-trigger";
import { scan } from "../heal/scan";
import { ingest } from "../ingest/ingest";
import { assertRegularFile } from "../ingest/validate";
import { pairsCompleteness, quality, type PairsCompleteness } from "../quality";
import { currentLease, releaseLease, tryAcquireLease, withLease } from "../runner/lease";
import { cancelRun, executeRun, listRuns, planPlainRun, recoverRuns, requestRun, showRun, warehouseKey, type RunDto, type RunKind } from "../runner/queue";
import { diffVersions, type VersionDiff } from "../versions/diff";
import { listVersions, promoteVersion, resolveVersion, toVersionDto, type VersionDto } from "../versions/registry";
import { registerModelCommands } from "./commands/model";
import { cliHint } from "./hints";

const positiveInt = (label: string, max = Number.MAX_SAFE_INTEGER) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(`${label} must be a positive integer`);
  if (Number(v) > max) throw new InvalidArgumentError(`${label} must be at most ${max}`);
  return Number(v);
};
const nonNegativeInt = (label: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${label} must be a non-negative integer`);
  return Number(v);
};

const VERSION = "0.1.0";
const config = () => loadConfig();
const defaultActor = () => process.env.STOREMATCH_USER ?? `cli:${userInfo().username}`;
const asOption = () => new Option("--as <user>", "who is acting (recorded in the audit log)").default(undefined, "$STOREMATCH_USER or cli:<login>");
const MAX_ID = 2 ** 31 - 1; // the control plane's ids are 32-bit integers
const idList = (v: string) => {
  const ids = v.split(",").map((x) => x.trim());
  const bad = ids.find((x) => !/^\d+$/.test(x) || Number(x) < 1 || Number(x) > MAX_ID);
  if (bad !== undefined) throw new InvalidArgumentError(`--ids must be trigger ids separated by commas, e.g. 3,7,12 ("${bad.slice(0, 30)}" is not one)`);
  return ids.map(Number);
};
const score = (label: string) => (v: string) => {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError(`${label} must be a number from 0 to 100`);
  return n;
};
/** Who acts: --as, else $STOREMATCH_USER or cli:<login>; a registered user must hold the permission. */
async function actingAs(as: string | undefined, permission: Permission): Promise<string> {
  const actor = as ?? defaultActor();
  await authorize(control(config()), actor, permission);
  return actor;
}
const json = (x: unknown) => console.log(JSON.stringify(x, null, 2));
const pad = (s: string | number | null | undefined, n: number) => String(s ?? "").padEnd(n).slice(0, Math.max(n, String(s ?? "").length));

function printTriggers(rows: TriggerDto[]): void {
  if (rows.length === 0) return console.log("no triggers");
  console.log(`${pad("id", 6)} ${pad("status", 9)} ${pad("source", 6)} ${pad("store", 14)} ${pad("score", 6)} ${pad("reason", 18)} decided by`);
  for (const t of rows)
    console.log(`${pad(t.id, 6)} ${pad(t.status, 9)} ${pad(t.source, 6)} ${pad(t.storeId, 14)} ${pad(t.priority.toFixed(1), 6)} ${pad(t.reason, 18)} ${t.decidedBy ?? ""}`);
}

function printVersions(rows: VersionDto[]): void {
  if (rows.length === 0) return console.log("no versions");
  console.log(`${pad("version", 8)} ${pad("status", 10)} ${pad("matched", 8)} ${pad("GI only", 8)} ${pad("TH only", 8)} ${pad("rate", 7)} ${pad("created", 20)} run`);
  for (const v of rows)
    console.log(`${pad(v.id, 8)} ${pad(v.status + (v.expired ? "*" : ""), 10)} ${pad(v.metrics.byStatus.MATCHED, 8)} ${pad(v.metrics.byStatus.GI_ONLY, 8)} ${pad(v.metrics.byStatus.TH_ONLY, 8)} ${pad((v.metrics.matchRate * 100).toFixed(1) + "%", 7)} ${pad(v.createdAt.slice(0, 19), 20)} ${v.runId}`);
  if (rows.some((v) => v.expired)) console.log("* expired by retention");
}

function printDiff(d: VersionDiff, limit: number): void {
  console.log(`${d.a} → ${d.b}`);
  console.log(`${pad("status", 18)} ${pad(d.a, 8)} ${pad(d.b, 8)} delta`);
  for (const [k, v] of Object.entries(d.statusDeltas)) console.log(`${pad(k, 18)} ${pad(v.a, 8)} ${pad(v.b, 8)} ${v.delta > 0 ? "+" : ""}${v.delta}`);
  console.log(`${pad("failure reason", 18)} ${pad(d.a, 8)} ${pad(d.b, 8)} delta`);
  for (const [k, v] of Object.entries(d.reasonDeltas)) console.log(`${pad(k, 18)} ${pad(v.a, 8)} ${pad(v.b, 8)} ${v.delta > 0 ? "+" : ""}${v.delta}`);
  const list = (title: string, rows: string[]) => {
    console.log(`${title}: ${rows.length}`);
    for (const r of rows.slice(0, limit)) console.log(`  ${r}`);
    if (rows.length > limit) console.log(`  … ${rows.length - limit} more (--json for all)`);
  };
  list("newly matched", d.newlyMatched.map((p) => `${p.gi_id} ↔ ${p.th_id} (${p.score})`));
  list("lost", d.lost.map((p) => `${p.gi_id} ↔ ${p.th_id} (${p.score})`));
  list("partner changed", d.partnerChanged.map((p) => `${p.side} ${p.store_id}: ${p.partner_a} → ${p.partner_b}`));
}

function printRuns(rows: RunDto[]): void {
  if (rows.length === 0) return console.log("no runs");
  console.log(`${pad("id", 22)} ${pad("kind", 12)} ${pad("status", 10)} ${pad("models", 8)} ${pad("elapsed", 8)} summary`);
  for (const r of rows)
    console.log(`${pad(r.id, 22)} ${pad(r.kind, 12)} ${pad(r.status, 10)} ${pad(`${r.modelsDone}/${r.modelsTotal}`, 8)} ${pad(r.elapsedSeconds === null ? "" : `${r.elapsedSeconds}s`, 8)} ${r.summary ?? r.reason ?? ""}`);
}

export function buildProgram(): Command {
  const program = new Command("storematch")
    .description("Link the GI and TH store master lists, explain every unmatched store.\nData directory: $STOREMATCH_DATA_DIR (default ./data).")
    .showHelpAfterError("(run with --help for usage)")
    .version(VERSION, "-V, --version")
    // Program options only before the subcommand, so `export matches --version V` reaches export.
    .enablePositionalOptions()
    .exitOverride();

  program
    .command("generate")
    .description("write realistic sample data: gi.csv, th.csv and truth.csv (gi_id,th_id)")
    .requiredOption("--stores <n>", `number of physical stores (at most ${MAX_GENERATED_STORES})`, positiveInt("--stores", MAX_GENERATED_STORES))
    .option("--seed <s>", "random seed (same seed, same files)", nonNegativeInt("--seed"), 42)
    .requiredOption("--out <dir>", "output directory")
    .option("--drop-columns <list>", "optional columns to leave out of both files, comma-separated (e.g. postcode,phone,lat,lon)")
    .addOption(new Option("--profile <name>", "noise profile: the hard cases to add (see below)").choices(PROFILE_NAMES).default("default"))
    .addHelpText("after", "\nNoise profiles (same seed, same base stores; the noise is added on top):\n" + PROFILES.map((p) => `  ${p.name.padEnd(11)} ${p.description}`).join("\n"))
    .action((o: { stores: number; seed: number; out: string; dropColumns?: string; profile: string }) => {
      const data = generate({ stores: o.stores, seed: o.seed, profile: o.profile });
      const drop = o.dropColumns ? o.dropColumns.split(",").map((s) => s.trim()).filter(Boolean) : [];
      const bad = drop.find((c) => !DROPPABLE_COLUMNS.includes(c));
      if (bad !== undefined) throw new AppError("INVALID", `--drop-columns: "${bad}" is not an optional column (one of ${DROPPABLE_COLUMNS.join(", ")})`);
      writeGenerated(data, o.out, drop);
      console.log(`wrote ${o.out}/gi.csv (${data.gi.length} stores), th.csv (${data.th.length} stores), truth.csv (${data.truth.length} pairs)${o.profile === "default" ? "" : `, profile ${o.profile}`}`);
    });

  program
    .command("ingest")
    .description("validate and load the two raw store lists, replacing the previous ones (all or nothing)")
    .requiredOption("--gi <file>", "GI stores CSV (store_id,name[,address,postcode,city,country,lat,lon,phone,…])")
    .requiredOption("--th <file>", "TH stores CSV, same columns")
    .addOption(asOption())
    .action(async (o: { gi: string; th: string; as?: string }) => {
      const c = config();
      const db = control(c);
      await recoverRuns(c);
      const actor = await actingAs(o.as, "raw.ingest");
      // Before the lease: a FIFO or a device as input fails now instead of blocking while holding it.
      assertRegularFile(o.gi);
      assertRegularFile(o.th);
      // Same lease as runs: an ingest never swaps the raw data under a running dbt.
      const r = await withLease(db, warehouseKey(c), `ingest:${process.pid}`, () => ingest(c, o.gi, o.th), (m) => console.log(m));
      await db.$transaction((tx) => audit(tx, { actor, action: "raw.ingest", entity: "RawBatch", entityId: r.batch, after: r }));
      const extra = (cols: string[]) => (cols.length ? `; extra columns kept: ${cols.join(", ")}` : "");
      console.log(`ingested ${r.gi.rows} GI stores from ${r.gi.file}${extra(r.gi.extraColumns)}`);
      console.log(`ingested ${r.th.rows} TH stores from ${r.th.file}${extra(r.th.extraColumns)}`);
      console.log(`raw batch ${r.batch}`);
    });

  program
    .command("run")
    .description("build the dbt project (models and tests) and publish the results; plain `run` does what the settings say")
    .addOption(new Option("--full-refresh", "rebuild everything from scratch").conflicts("targeted"))
    .addOption(new Option("--targeted", "recompute only the stores of the approved triggers"))
    .option("--reason <text>", "why (recorded with the run)")
    .option("--quiet", "print only the result line")
    .addOption(asOption())
    .action(async (o: { fullRefresh?: boolean; targeted?: boolean; reason?: string; quiet?: boolean; as?: string }) => {
      const c = config();
      await recoverRuns(c);
      const plan: { kind: RunKind; reason: string } = o.fullRefresh
        ? { kind: "FULL_REFRESH", reason: o.reason ?? "asked for --full-refresh" }
        : o.targeted
          ? { kind: "TARGETED", reason: o.reason ?? "asked for --targeted" }
          : await planPlainRun(c);
      const actor = await actingAs(o.as, plan.kind === "FULL_REFRESH" ? "runs.launch.full" : "runs.launch.targeted");
      const run = await requestRun(c, plan.kind, actor, o.reason ?? plan.reason);
      console.log(`run ${run.id} queued: ${plan.kind} (${run.reason})`);
      const done = await executeRun(c, run.id, { onLine: o.quiet ? undefined : (l) => console.log(l), onWait: (m) => console.log(m) });
      if (done.status !== "SUCCEEDED") throw new AppError("INTERNAL", `run ${done.id} ${done.status.toLowerCase()}: ${done.summary ?? ""}`);
      console.log(`run ${done.id} succeeded: ${done.summary}`);
    });

  const runs = program.command("runs").description("list, show and cancel runs");
  runs
    .command("list")
    .description("the latest runs, newest first")
    .option("--limit <n>", "how many", positiveInt("--limit"), 20)
    .option("--json", "print JSON")
    .action(async (o: { limit: number; json?: boolean }) => {
      await recoverRuns(config());
      const rows = await listRuns(config(), o.limit);
      if (o.json) json(rows);
      else printRuns(rows);
    });
  runs
    .command("show <id>")
    .description("one run: status, progress, per-model timing and its log")
    .option("--json", "print JSON")
    .action(async (id: string, o: { json?: boolean }) => {
      await recoverRuns(config());
      const r = await showRun(config(), id);
      if (o.json) return json(r);
      printRuns([r]);
      if (r.launcher !== "local") console.log(`launched on ${r.launcher}: ${r.externalId ?? "not started"}${r.externalUrl ? ` (${r.externalUrl})` : ""}`);
      if (r.currentModel) console.log(`current model: ${r.currentModel}`);
      for (const n of r.nodes) console.log(`  ${pad(n.status, 8)} ${pad(`${n.seconds}s`, 9)} ${n.node}`);
      if (r.log.length) console.log("--- log ---\n" + r.log.join("\n"));
    });
  runs
    .command("cancel <id>")
    .description("cancel a queued or running run (ends the whole dbt process group)")
    .addOption(asOption())
    .action(async (id: string, o: { as?: string }) => {
      const actor = await actingAs(o.as, "runs.cancel");
      const r = await cancelRun(config(), id, actor, (p) => authorize(control(config()), actor, p));
      console.log(r.status === "CANCELLED" ? `run ${id} cancelled` : `run ${id}: cancel requested, dbt is being stopped`);
    });

  program
    .command("status")
    .description("runs, triggers by status, the published results and the settings")
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) => {
      const c = config();
      await recoverRuns(c);
      const db = control(c);
      const lease = await db.lease.findUnique({ where: { warehouse: warehouseKey(c) } });
      const status = {
        runs: await listRuns(c, 5),
        triggers: await countTriggersByStatus(db),
        promoted: (await listVersions(c)).find((v) => v.status === "PROMOTED") ?? null,
        settings: await getSettings(db),
        lease: lease ? { holder: lease.holder, pid: lease.pid } : null,
      };
      if (o.json) return json(status);
      console.log(`promoted version: ${status.promoted ? `${status.promoted.id} (run ${status.promoted.runId}, match rate ${(status.promoted.metrics.matchRate * 100).toFixed(1)}%)` : "none yet"}`);
      console.log(`warehouse: ${lease ? `busy (${lease.holder}, pid ${lease.pid})` : "idle"}`);
      console.log(`triggers: ${Object.entries(status.triggers).map(([k, v]) => `${k} ${v}`).join(", ")}`);
      console.log(`full refresh needed: ${status.settings.full_refresh_needed ? "yes" : "no"}`);
      printRuns(status.runs);
    });

  program
    .command("scan")
    .description("turn unmatched stores with potential into reprocess triggers")
    .option("--json", "print JSON")
    .addOption(asOption())
    .action(async (o: { json?: boolean; as?: string }) => {
      const actor = await actingAs(o.as, "scan.run");
      const r = await scan(config(), actor);
      if (o.json) return json(r);
      console.log(`scanned version ${r.version}: ${r.storesWithPotential} of ${r.totalStores} stores unmatched with potential (${(r.shareWithPotential * 100).toFixed(1)}%)`);
      console.log(`created ${r.created} trigger(s), skipped ${r.skipped} (already open)${r.batch ? `: ids ${r.batch.fromId}–${r.batch.toId}` : ""}`);
      for (const [reason, n] of Object.entries(r.createdByReason)) console.log(`  ${pad(reason, 18)} ${n}`);
      if (r.fullRefreshNeeded) console.log("full_refresh_needed is set: the next plain `storematch run` rebuilds everything");
    });

  const triggers = program.command("triggers").description("reprocess triggers: list, approve, reject, add");
  triggers
    .command("list")
    .description("triggers, highest score first")
    .option("--status <s>", "PENDING, APPROVED, REJECTED or CONSUMED")
    .option("--json", "print JSON")
    .action(async (o: { status?: string; json?: boolean }) => {
      const status = o.status?.toUpperCase();
      if (status !== undefined && !(TRIGGER_STATUSES as readonly string[]).includes(status))
        throw new AppError("INVALID", `--status must be one of ${TRIGGER_STATUSES.join(", ")}, got "${status}"`);
      const rows = await listTriggers(control(config()), { status });
      if (o.json) json(rows);
      else printTriggers(rows);
    });
  for (const verb of ["approve", "reject"] as const) {
    triggers
      .command(verb)
      .description(`${verb} PENDING triggers (all or nothing)`)
      .option("--ids <ids>", "trigger ids, comma-separated", idList)
      .option("--all-pending", "every PENDING trigger")
      .option("--min-score <x>", "with --all-pending: only those scoring at least x", score("--min-score"))
      .addOption(asOption())
      .action(async (o: { ids?: number[]; allPending?: boolean; minScore?: number; as?: string }) => {
        if (o.ids && o.allPending) throw new AppError("INVALID", "give --ids or --all-pending, not both");
        if (o.minScore !== undefined && !o.allPending) throw new AppError("INVALID", "--min-score goes with --all-pending");
        const actor = await actingAs(o.as, "triggers.approve");
        if (!o.ids?.length && !o.allPending) throw new AppError("INVALID", "say which triggers: --ids 1,2,3 or --all-pending");
        const rows = await decideTriggers(control(config()), verb === "approve" ? "APPROVED" : "REJECTED", { ids: o.ids, allPending: o.allPending, minScore: o.minScore }, actor);
        console.log(`${verb === "approve" ? "approved" : "rejected"} ${rows.length} trigger(s)`);
      });
  }
  triggers
    .command("add")
    .description("add a trigger by hand (PENDING)")
    .requiredOption("--source <gi|th>", "which list the store is in")
    .requiredOption("--store <id>", "the store id")
    .requiredOption("--reason <text>", "why it needs reprocessing")
    .addOption(asOption())
    .action(async (o: { source: string; store: string; reason: string; as?: string }) => {
      if (o.source !== "gi" && o.source !== "th") throw new AppError("INVALID", `--source must be gi or th, got "${o.source}"`);
      if (!o.reason.trim()) throw new AppError("INVALID", "--reason must not be empty");
      const actor = await actingAs(o.as, "triggers.create");
      const t = await createManualTrigger(config(), { source: o.source, storeId: o.store, reason: o.reason.trim() }, actor);
      console.log(t ? `created trigger ${t.id}` : `${o.source} store ${o.store} already has an open trigger`);
    });

  const decisions = program.command("decisions").description("pair decisions: force a pair to match or never to match");
  decisions
    .command("list")
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) => {
      const rows = await listDecisions(control(config()));
      if (o.json) return json(rows);
      if (rows.length === 0) return console.log("no pair decisions");
      for (const d of rows) console.log(`${pad(d.giId, 14)} ${pad(d.thId, 14)} ${pad(d.decision, 9)} ${d.createdBy} ${d.note ?? ""}`);
    });
  decisions
    .command("set")
    .description("record a decision on a pair (takes effect on the next run)")
    .requiredOption("--gi <id>", "GI store id")
    .requiredOption("--th <id>", "TH store id")
    .addOption(new Option("--match", "force the pair to match").conflicts("noMatch"))
    .addOption(new Option("--no-match", "never match the pair"))
    .option("--note <text>", "why")
    .addOption(asOption())
    .action(async (o: { gi: string; th: string; match?: boolean; noMatch?: boolean; note?: string; as?: string }) => {
      // commander turns --no-match into match=false
      const decision = o.match === true ? "MATCH" : o.match === false ? "NO_MATCH" : null;
      if (!decision) throw new AppError("INVALID", "say --match or --no-match");
      const actor = await actingAs(o.as, "decisions.write");
      await setDecision(control(config()), { giId: o.gi, thId: o.th, decision, note: o.note }, actor);
      console.log(`GI ${o.gi} / TH ${o.th}: ${decision}`);
    });
  decisions
    .command("remove")
    .requiredOption("--gi <id>", "GI store id")
    .requiredOption("--th <id>", "TH store id")
    .addOption(asOption())
    .action(async (o: { gi: string; th: string; as?: string }) => {
      const actor = await actingAs(o.as, "decisions.write");
      await removeDecision(control(config()), o.gi, o.th, actor);
      console.log(`removed the decision on GI ${o.gi} / TH ${o.th}`);
    });

  const versions = program.command("versions").description("published versions: list, show, promote (and roll back), diff");
  versions
    .command("list")
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) => {
      const rows = await listVersions(config());
      if (o.json) return json(rows);
      printVersions(rows);
    });
  versions
    .command("show <version>")
    .description("one version: snapshots, metrics, run (a version id, promoted or latest)")
    .option("--json", "print JSON")
    .action(async (v: string, o: { json?: boolean }) => {
      const d = toVersionDto(await resolveVersion(config(), v));
      if (o.json) return json(d);
      printVersions([d]);
      console.log(`run ${d.runId}, dbt invocation ${d.invocationId ?? "?"}, commit ${d.gitCommit ?? "?"}`);
      for (const [t, id] of Object.entries(d.snapshots)) console.log(`  ${pad(t, 24)} snapshot ${id}`);
      for (const [r, n] of Object.entries(d.metrics.byReason).sort((a, b) => b[1] - a[1])) console.log(`  ${pad(r, 24)} ${n}`);
    });
  versions
    .command("promote <version>")
    .description("promote a version (dashboards and exports read it); promoting an older one rolls back")
    .addOption(asOption())
    .action(async (v: string, o: { as?: string }) => {
      const actor = await actingAs(o.as, "versions.promote");
      const r = await promoteVersion(config(), v, actor);
      console.log(r.changed ? `promoted ${r.version.id}${r.previous ? ` (was ${r.previous})` : ""}` : `${r.version.id} is already promoted: nothing to do`);
    });
  versions
    .command("diff <a> <b>")
    .description("what changed from version A to version B")
    .option("--json", "print JSON")
    .option("--limit <n>", "pairs to print per list", positiveInt("--limit"), 20)
    .action(async (a: string, b: string, o: { json?: boolean; limit: number }) => {
      const d = await diffVersions(config(), a, b);
      if (o.json) return json(d);
      printDiff(d, o.limit);
    });

  const users = program.command("users").description("local users: add, list, set-role, disable, enable, reset-password");
  users
    .command("add")
    .description("add a user; prints the password (generated unless --password)")
    .requiredOption("--email <email>", "sign-in email")
    .requiredOption("--role <role>", ROLES.join(" | "))
    .option("--name <name>", "display name")
    .option("--password <password>", "at least 12 characters (default: generated)")
    .addOption(asOption())
    .action(async (o: { email: string; role: string; name?: string; password?: string; as?: string }) => {
      const actor = await actingAs(o.as, "users.manage");
      const r = await addUser(control(config()), { email: o.email, role: o.role, name: o.name, password: o.password }, actor);
      console.log(`added ${r.user.email} (${r.user.role})${o.password ? "" : `, password: ${r.password}`}`);
    });
  users
    .command("list")
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) => {
      const rows = await listUsers(control(config()));
      if (o.json) return json(rows);
      if (rows.length === 0) return console.log("no users");
      for (const u of rows) console.log(`${pad(u.email, 32)} ${pad(u.role, 8)} ${u.disabled ? "disabled" : "active"}`);
    });
  users
    .command("disable")
    .requiredOption("--email <email>", "the user")
    .addOption(asOption())
    .action(async (o: { email: string; as?: string }) => {
      const actor = await actingAs(o.as, "users.manage");
      const u = await disableUser(control(config()), o.email, actor);
      console.log(`${u.email} is disabled`);
    });
  users
    .command("enable")
    .description("let a disabled user sign in again, with a new password (printed once)")
    .requiredOption("--email <email>", "the user")
    .addOption(asOption())
    .action(async (o: { email: string; as?: string }) => {
      const actor = await actingAs(o.as, "users.manage");
      const r = await enableUser(control(config()), o.email, actor);
      console.log(r.password ? `${r.user.email} is active, password: ${r.password}` : `${r.user.email} is active`);
    });
  users
    .command("reset-password")
    .description("set a new generated password (printed once); the user's sessions end")
    .requiredOption("--email <email>", "the user")
    .addOption(asOption())
    .action(async (o: { email: string; as?: string }) => {
      const actor = await actingAs(o.as, "users.manage");
      const r = await resetPassword(control(config()), o.email, actor);
      console.log(`${r.user.email} password: ${r.password}`);
    });
  users
    .command("set-role")
    .description("change a user's role (the last active admin keeps theirs)")
    .requiredOption("--email <email>", "the user")
    .requiredOption("--role <role>", ROLES.join(" | "))
    .addOption(asOption())
    .action(async (o: { email: string; role: string; as?: string }) => {
      const actor = await actingAs(o.as, "users.manage");
      const u = await setUserRole(control(config()), o.email, o.role, actor);
      console.log(`${u.email} is ${u.role}`);
    });

  const settings = program.command("settings").description("list and change settings");
  settings
    .command("list")
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) => {
      const s = await getSettings(control(config()));
      if (o.json) return json(s);
      for (const [k, v] of Object.entries(s)) console.log(`${pad(k, 28)} ${JSON.stringify(v)}`);
    });
  settings
    .command("set <key> <value>")
    .description(`change a setting (${Object.keys(SETTINGS).join(", ")})`)
    .addOption(asOption())
    .action(async (key: string, value: string, o: { as?: string }) => {
      if (!Object.hasOwn(SETTINGS, key)) throw new AppError("INVALID", `unknown setting "${key}" (one of ${Object.keys(SETTINGS).join(", ")})`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        throw new AppError("INVALID", `setting ${key}: "${value}" is not a number, true or false`);
      }
      const actor = await actingAs(o.as, "settings.write");
      await setSetting(control(config()), key as SettingKey, parsed as never, actor);
      console.log(`${key} = ${JSON.stringify(parsed)}`);
    });

  const exp = program.command("export").description("export results");
  exp
    .command("matches")
    .description("write the matches as CSV: gi_id,th_id,status,score (one row per pair or singleton)")
    .requiredOption("--out <file>", "output CSV file")
    .option("--version <v>", "a version id, promoted or latest", "promoted")
    .action(async (o: { out: string; version: string }) => {
      const n = await exportMatches(config(), o.out, o.version);
      console.log(`wrote ${n} rows to ${o.out}`);
    });

  program
    .command("quality")
    .description("precision, recall and F1 of the current matches against a truth file; with --pairs, blocking's pairs completeness")
    .requiredOption("--truth <file>", "CSV with header gi_id,th_id")
    .option("--version <v>", "a version id, promoted or latest", "promoted")
    .addOption(new Option("--pairs", "also report pairs completeness (share of true pairs that are candidates) and candidate pairs per store, from the last run's warehouse (read-only; refused while a run holds it)"))
    .addOption(new Option("--json", "print JSON"))
    .action(async (o: { truth: string; version: string; pairs?: boolean; json?: boolean }) => {
      const c = config();
      const q = await quality(c, o.truth, o.version);
      let pairs: PairsCompleteness | null = null;
      if (o.pairs) {
        // The lease keeps runs and ingests from writing the warehouse while it is read.
        const db = control(c);
        await recoverRuns(c);
        const holder = `quality:${process.pid}`;
        if (!(await tryAcquireLease(db, warehouseKey(c), holder))) {
          const cur = await currentLease(db, warehouseKey(c));
          throw new AppError("UNAVAILABLE", `the warehouse is busy (${cur?.holder ?? "another process"}, pid ${cur?.pid ?? "?"}): pairs completeness is read once it is idle`);
        }
        try {
          pairs = await pairsCompleteness(c, o.truth);
        } finally {
          await releaseLease(db, warehouseKey(c), holder);
        }
      }
      if (o.json) console.log(JSON.stringify(pairs ? { ...q, pairs } : q));
      else {
        console.log(
          `precision ${q.precision.toFixed(4)}  recall ${q.recall.toFixed(4)}  F1 ${q.f1.toFixed(4)}  ` +
            `(${q.truePositives} correct of ${q.predicted} matched, ${q.truth} true pairs)`,
        );
        if (pairs)
          console.log(
            `pairs completeness ${pairs.completeness.toFixed(4)}  (${pairs.truthPairsBlocked} of ${pairs.truthPairs} true pairs are candidates)  ` +
              `pairs per store ${pairs.pairsPerStore.toFixed(2)}  (${pairs.candidatePairs} candidate pairs, ${pairs.giStores} GI and ${pairs.thStores} TH stores; last run's warehouse)`,
          );
      }
    });

  registerModelCommands(program);

  return program;
}

/** One line for any error: its first non-empty line, or what it is when it says nothing. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = msg.split("\n").map((l) => l.trim()).find((l) => l !== "");
  if (line) return line;
  const name = e instanceof Error ? e.name : typeof e;
  return `${name} with no message (set STOREMATCH_DEBUG=1 to see the details)`;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    await closeControl();
    return 0;
  } catch (e) {
    // Bounded: after a failure on a full disk, the control plane's client may never answer.
    await Promise.race([closeControl().catch(() => undefined), new Promise((r) => setTimeout(r, 3000).unref())]);
    if (e instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its message.
      return e.exitCode;
    }
    console.error(`storematch: ${oneLine(e)}${cliHint(e)}`);
    if (process.env.STOREMATCH_DEBUG) console.error(e);
    return 1;
  }
}
