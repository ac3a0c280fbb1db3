import type { PairDecision } from "@prisma/client";
import { audit } from "./audit";
import type { Db, Tx } from "./db";
import { AppError } from "./errors";
import { cleanText, MAX_ID_CHARS } from "../text";

export interface PairDecisionDto {
  id: number;
  giId: string;
  thId: string;
  decision: "MATCH" | "NO_MATCH";
  note: string | null;
  createdBy: string;
  createdAt: string;
}

const toDto = (r: PairDecision): PairDecisionDto => ({ ...r, decision: r.decision as PairDecisionDto["decision"], createdAt: r.createdAt.toISOString() });

export async function listDecisions(db: Db): Promise<PairDecisionDto[]> {
  return (await db.pairDecision.findMany({ orderBy: { id: "asc" } })).map(toDto);
}

type DecisionInput = { giId: string; thId: string; decision: "MATCH" | "NO_MATCH"; note?: string };

/** One decision inside the caller's transaction: the ids checked, the clash check, the upsert and its audit event. */
async function applyDecision(tx: Tx, input: DecisionInput, actor: string, onlyUndecided = false): Promise<void> {
  if (!input.giId.trim() || !input.thId.trim()) throw new AppError("INVALID", "a pair decision needs both a GI and a TH store id");
  const d = {
    ...input,
    giId: cleanText(input.giId, "GI store id", { max: MAX_ID_CHARS }),
    thId: cleanText(input.thId, "TH store id", { max: MAX_ID_CHARS }),
    note: input.note === undefined ? undefined : cleanText(input.note, "note", { required: false }) || undefined,
  };
  const before = await tx.pairDecision.findUnique({ where: { giId_thId: { giId: d.giId, thId: d.thId } } });
  if (before && onlyUndecided)
    throw new AppError("CONFLICT", `GI ${d.giId} and TH ${d.thId} were decided meanwhile (${before.decision} by ${before.createdBy}): reload the page and confirm again`);
  if (d.decision === "MATCH") {
    // A store can be forced into one pair only.
    const clash = await tx.pairDecision.findFirst({
      where: { decision: "MATCH", OR: [{ giId: d.giId }, { thId: d.thId }], NOT: { giId: d.giId, thId: d.thId } },
    });
    if (clash) throw new AppError("CONFLICT", `GI ${clash.giId} and TH ${clash.thId} are already forced to match; remove that decision first`);
  }
  const row = await tx.pairDecision.upsert({
    where: { giId_thId: { giId: d.giId, thId: d.thId } },
    create: { giId: d.giId, thId: d.thId, decision: d.decision, note: d.note, createdBy: actor },
    update: { decision: d.decision, note: d.note, createdBy: actor },
  });
  await audit(tx, { actor, action: "decisions.set", entity: "PairDecision", entityId: row.id, before: before ? { decision: before.decision } : null, after: { giId: d.giId, thId: d.thId, decision: d.decision } });
}

/** Force a pair to match or never to match (replaces an earlier decision on the same pair). */
export async function setDecision(db: Db, d: DecisionInput, actor: string): Promise<void> {
  await db.$transaction((tx) => applyDecision(tx, d, actor));
}

/**
 * The same decision on many pairs, all or nothing, one audit event per pair (a steward
 * accepting or rejecting a filtered set on the review page). Accepting two pairs that share a
 * store is refused: a store can be forced into one pair only. With `onlyUndecided`, a pair
 * that has a decision already (another steward's, made since the set was listed) refuses all.
 */
export async function setDecisions(
  db: Db,
  pairs: { giId: string; thId: string }[],
  decision: "MATCH" | "NO_MATCH",
  actor: string,
  opts: { note?: string; onlyUndecided?: boolean } = {},
): Promise<number> {
  if (pairs.length === 0) throw new AppError("INVALID", "no pair to decide");
  if (decision === "MATCH") {
    for (const side of ["giId", "thId"] as const) {
      const seen = new Map<string, string>();
      for (const p of pairs) {
        const other = seen.get(p[side]);
        if (other !== undefined)
          throw new AppError("CONFLICT", `${side === "giId" ? "GI" : "TH"} ${p[side]} is in two of these pairs (with ${other} and with ${side === "giId" ? p.thId : p.giId}): a store can match one store only; accept those pairs one by one`);
        seen.set(p[side], side === "giId" ? p.thId : p.giId);
      }
    }
  }
  // A few queries per pair: give a large set more than the default 5 s.
  await db.$transaction(async (tx) => {
    for (const p of pairs) await applyDecision(tx, { ...p, decision, note: opts.note }, actor, opts.onlyUndecided);
  }, { timeout: 120_000 });
  return pairs.length;
}

/** The decisions on these pairs, keyed "giId|thId". */
export async function decisionsForPairs(db: Db, pairs: { giId: string; thId: string }[]): Promise<Map<string, PairDecisionDto>> {
  const out = new Map<string, PairDecisionDto>();
  // SQLite bounds the parameters of one statement: read in chunks.
  for (let i = 0; i < pairs.length; i += 200) {
    const rows = await db.pairDecision.findMany({ where: { OR: pairs.slice(i, i + 200).map((p) => ({ giId: p.giId, thId: p.thId })) }, orderBy: [{ giId: "asc" }, { thId: "asc" }] });
    for (const r of rows) out.set(`${r.giId}|${r.thId}`, toDto(r));
  }
  return out;
}

export async function removeDecision(db: Db, giId: string, thId: string, actor: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.pairDecision.findUnique({ where: { giId_thId: { giId, thId } } });
    if (!before) throw new AppError("NOT_FOUND", `no decision on GI ${giId} / TH ${thId}`);
    await tx.pairDecision.delete({ where: { id: before.id } });
    await audit(tx, { actor, action: "decisions.remove", entity: "PairDecision", entityId: before.id, before: { giId, thId, decision: before.decision }, after: null });
  });
}

/** The pair decisions that involve one store. */
export async function decisionsForStore(db: Db, source: "gi" | "th", storeId: string): Promise<PairDecisionDto[]> {
  return (await db.pairDecision.findMany({ where: source === "gi" ? { giId: storeId } : { thId: storeId }, orderBy: { id: "asc" } })).map(toDto);
}
