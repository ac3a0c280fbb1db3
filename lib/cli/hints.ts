import { AppError, type Remedy } from "../control/errors";

/** The command that does what a domain error's remedy says (the domain never names CLI flags). */
const HINTS: Record<Remedy, string> = {
  ingest: "run `storematch ingest --gi FILE --th FILE`",
  build: "run `storematch ingest --gi FILE --th FILE`, then `storematch run`",
  "full-refresh": "run `storematch run --full-refresh`",
  promote: "run `storematch versions promote V`",
  "list-versions": "see `storematch versions list`",
};

/** " (run `storematch …`)" for an error whose remedy is a command, else "". */
export function cliHint(e: unknown): string {
  return e instanceof AppError && e.remedy ? ` (${HINTS[e.remedy]})` : "";
}
