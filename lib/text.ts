import { z } from "zod";
import { AppError } from "./control/errors";

/**
 * One validation for every piece of text that enters storematch (routes, server actions, the
 * CLI, ingest): Unicode NFC, no control characters, and a length limit. A NUL byte or a 20 MB
 * id never reaches the control plane, dbt or a page.
 */
export const MAX_ID_CHARS = 200;
export const MAX_TEXT_CHARS = 2000;

// C0 controls, DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** What is wrong with a text, or null: the message starts with what the caller names it. */
export function textProblem(value: string, max: number): string | null {
  const c = CONTROL.exec(value);
  if (c) return `contains a control character (U+${c[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} at position ${c.index + 1})`;
  if ([...value].length > max) return `is longer than ${max} characters`;
  return null;
}

/** NFC and trimmed. */
export const normalizeText = (value: string) => value.normalize("NFC").trim();

/** A refused text: "<field> <problem>" (an INVALID AppError, so routes answer 400). */
export class TextError extends AppError {
  constructor(readonly field: string, readonly problem: string) {
    super("INVALID", `${field} ${problem}`);
    this.name = "TextError";
  }
}

/** Normalize and check a text for `field`; throws TextError ("store id contains a control character …"). */
export function cleanText(value: string, field: string, opts: { max?: number; required?: boolean } = {}): string {
  const v = normalizeText(value);
  if (opts.required !== false && v === "") throw new TextError(field, "is empty");
  const problem = textProblem(v, opts.max ?? MAX_TEXT_CHARS);
  if (problem) throw new TextError(field, problem);
  return v;
}

/** The zod form, for schemas at the edges: the same rules, messages naming the field by its key. */
export function zText(max = MAX_TEXT_CHARS, min = 1, minMessage = "is empty") {
  return z
    .string()
    .overwrite(normalizeText)
    .min(min, minMessage)
    .superRefine((v, ctx) => {
      const problem = textProblem(v, max);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

/** A store id (or any id): at most 200 characters. */
export const zId = () => zText(MAX_ID_CHARS);
