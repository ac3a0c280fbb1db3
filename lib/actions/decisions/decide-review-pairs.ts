"use server";
import { z } from "zod";
import { loadConfig } from "../../config";
import { control } from "../../control/db";
import { decideReviewPairs, ReviewFilter } from "../../versions/review";
import { actionClient } from "../client";
import { VersionId } from "../schemas";

const Input = z.object({
  decision: z.enum(["MATCH", "NO_MATCH"], { message: "must be MATCH or NO_MATCH" }),
  /** The promoted version the page showed, and the filters it listed the pairs under. */
  version: VersionId,
  filter: ReviewFilter,
  /** The count the person confirmed; the action refuses if the set changed since. */
  expected: z.number().int().min(1, "confirm at least one pair").max(20_000, "is more than 20000 pairs: narrow the filters"),
}).strict();

/** Accept or reject every undecided pair of the review band that fits the page's filters (pair decisions, audited). */
export const decideReviewPairsAction = actionClient
  .metadata({ actionName: "decideReviewPairs", permission: "decisions.write" })
  .inputSchema(Input)
  .action(async ({ parsedInput: b, ctx }) => {
    const config = loadConfig();
    return decideReviewPairs(config, control(config), b, ctx.user.email);
  });
