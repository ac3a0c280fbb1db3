import { Option } from "commander";
import { AppError } from "../../../control/errors";
import { pairsCompleteness, quality, type PairsCompleteness } from "../../../quality";
import { currentLease, releaseLease, tryAcquireLease } from "../../../runner/lease";
import { recoverRuns, warehouseKey } from "../../../runner/queue";
import { defineCommand } from "../../command";
import { jsonOption, versionOption } from "../../options";

/** `storematch quality`: the matches against a truth file; --pairs reads the last run's warehouse under the lease. */
export default defineCommand<{ truth: string; version: string; pairs?: boolean; json?: boolean }>({
  usage: "quality",
  description: "precision, recall and F1 of the current matches against a truth file; with --pairs, blocking's pairs completeness",
  options: [
    new Option("--truth <file>", "CSV with header gi_id,th_id").makeOptionMandatory(),
    versionOption(),
    new Option("--pairs", "also report pairs completeness (share of true pairs that are candidates) and candidate pairs per store, from the last run's warehouse (read-only; refused while a run holds it)"),
    jsonOption(),
  ],
  async run({ opts: o, config: c, db }) {
    const q = await quality(c, o.truth, o.version);
    let pairs: PairsCompleteness | null = null;
    if (o.pairs) {
      // The lease keeps runs and ingests from writing the warehouse while it is read.
      await recoverRuns(c);
      const holder = `quality:${process.pid}`;
      if (!(await tryAcquireLease(db(), warehouseKey(c), holder))) {
        const cur = await currentLease(db(), warehouseKey(c));
        throw new AppError("UNAVAILABLE", `the warehouse is busy (${cur?.holder ?? "another process"}, pid ${cur?.pid ?? "?"}): pairs completeness is read once it is idle`);
      }
      try {
        pairs = await pairsCompleteness(c, o.truth);
      } finally {
        await releaseLease(db(), warehouseKey(c), holder);
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
  },
});
