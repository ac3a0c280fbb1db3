import type { PairDecision } from "@prisma/client";
import { audit } from "./audit";
import type { Db } from "./db";
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

/** Force a pair to match or never to match (replaces an earlier decision on the same pair). */
export async function setDecision(db: Db, input: { giId: string; thId: string; decision: "MATCH" | "NO_MATCH"; note?: string }, actor: string): Promise<void> {
  if (!input.giId.trim() || !input.thId.trim()) throw new AppError("INVALID", "a pair decision needs both a GI and a TH store id");
  const d = {
    ...input,
    giId: cleanText(input.giId, "GI store id", { max: MAX_ID_CHARS }),
    thId: cleanText(input.thId, "TH store id", { max: MAX_ID_CHARS }),
    note: input.note === undefined ? undefined : cleanText(input.note, "note", { required: false }) || undefined,
  };
  await db.$transaction(async (tx) => {
    const before = await tx.pairDecision.findUnique({ where: { giId_thId: { giId: d.giId, thId: d.thId } } });
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
  });
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
