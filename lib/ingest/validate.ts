import { readFileSync, statSync, type Stats } from "node:fs";
import { basename } from "node:path";
import { parse } from "csv-parse/sync";
import { AppError } from "../control/errors";
import { MAX_ID_CHARS, MAX_TEXT_CHARS, normalizeText, textProblem } from "../text";

export const REQUIRED_COLUMNS = ["store_id", "name"] as const;
export const OPTIONAL_COLUMNS = ["address", "postcode", "city", "country", "lat", "lon", "phone"] as const;
const KNOWN = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);

/** A refused input (INVALID): the message names the file, the line and the column. */
export class InputError extends AppError {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: string | null,
    detail: string,
  ) {
    const where = [line === null ? null : `line ${line}`, column === null ? null : `column "${column}"`].filter(Boolean).join(", ");
    super("INVALID", `${file}${where ? `: ${where}` : ""}: ${detail}`);
    this.name = "InputError";
  }
}

export interface RawStore {
  store_id: string;
  name: string;
  address: string | null;
  postcode: string | null;
  city: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  phone: string | null;
  /** Extra columns, kept in raw as JSON and ignored by matching. */
  extra: string | null;
  line: number;
}

export interface ParsedFile {
  file: string;
  columns: string[];
  extraColumns: string[];
  rows: RawStore[];
}

/** Find the first invalid UTF-8 sequence and report its line and byte column. */
function checkUtf8(buf: Buffer, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    let line = 1;
    let lineStart = 0;
    const dec = new TextDecoder("utf-8", { fatal: true });
    for (let i = 0; i <= buf.length; i++) {
      if (i === buf.length || buf[i] === 0x0a) {
        try {
          dec.decode(buf.subarray(lineStart, i));
        } catch {
          const bad = findBadByte(buf.subarray(lineStart, i));
          throw new InputError(file, line, null, `invalid UTF-8 (byte 0x${buf[lineStart + bad]!.toString(16).toUpperCase().padStart(2, "0")} at byte ${bad + 1} of the line); save the file as UTF-8`);
        }
        line++;
        lineStart = i + 1;
      }
    }
    throw new InputError(file, null, null, "invalid UTF-8; save the file as UTF-8");
  }
}

function findBadByte(line: Buffer): number {
  const dec = new TextDecoder("utf-8", { fatal: true });
  for (let n = 1; n <= line.length; n++) {
    try {
      dec.decode(line.subarray(0, n));
    } catch {
      // An incomplete sequence at the end is fine until a byte breaks it; back off to its start.
      let start = n - 1;
      while (start > 0 && (line[start]! & 0xc0) === 0x80) start--;
      return start;
    }
  }
  return line.length - 1;
}

function parseCoordinate(value: string, file: string, line: number, column: "lat" | "lon"): number | null {
  const v = value.trim();
  if (v === "") return null;
  // Accept a decimal comma, as French exports often have one.
  // An exponent too (1.5e-05): exports and spreadsheets write small numbers that way.
  const n = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(v) ? Number(v.replace(",", ".")) : NaN;
  if (!Number.isFinite(n)) throw new InputError(file, line, column, `"${value}" is not a number`);
  const limit = column === "lat" ? 90 : 180;
  if (Math.abs(n) > limit) throw new InputError(file, line, column, `${n} is out of range (-${limit} to ${limit})`);
  return n;
}

const KIND: [(s: Stats) => boolean, string][] = [
  [(s) => s.isFIFO(), "a FIFO"], [(s) => s.isDirectory(), "a directory"], [(s) => s.isSocket(), "a socket"],
  [(s) => s.isCharacterDevice(), "a character device"], [(s) => s.isBlockDevice(), "a block device"],
];

/**
 * A store list must be a regular file (a symlink to one is fine). Checked before anything is
 * read or any lease taken: reading a FIFO or a device would block, or never end.
 */
export function assertRegularFile(path: string, label = basename(path)): void {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw new InputError(label, null, null, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (!st.isFile()) {
    const kind = KIND.find(([is]) => is(st))?.[1] ?? "not a file";
    throw new InputError(label, null, null, `is not a regular file (${kind}); give the path of a CSV file`);
  }
}

/** Parse and validate one raw store list. Throws InputError on the first problem. */
export function parseStoreFile(path: string, label = basename(path)): ParsedFile {
  assertRegularFile(path, label);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new InputError(label, null, null, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let text = checkUtf8(buf, label);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw new InputError(label, null, null, "the file is empty; expected a header with at least store_id and name");

  // The header first: a file that is not a store list is refused on its first line, before its
  // other lines are read into any message.
  let headRecord: string[] | undefined;
  try {
    headRecord = (parse(text, { to_line: 1, skip_empty_lines: true, bom: true, relax_quotes: true }) as string[][])[0];
  } catch {
    headRecord = undefined;
  }
  const headCheck = (headRecord ?? []).map((h) => h.trim().toLowerCase());
  if (!REQUIRED_COLUMNS.every((c) => headCheck.includes(c))) {
    const missing = REQUIRED_COLUMNS.find((c) => !headCheck.includes(c))!;
    const looksLikeHeader = headCheck.length > 0 && headCheck.every((h) => /^[\p{L}\p{N}_ .-]{1,64}$/u.test(h));
    throw new InputError(label, 1, missing, looksLikeHeader
      ? `required column is missing from the header (found: ${headCheck.join(", ")})`
      : "required column is missing from the header (its first line is not a CSV header with store_id and name)");
  }

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, skip_empty_lines: true, bom: true }) as unknown as typeof records;
  } catch (e) {
    const err = e as Error & { lines?: number; code?: string };
    const len = /expect (\d+), got (\d+)/.exec(err.message);
    const detail =
      err.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH" && len
        ? `expected ${len[1]} fields as in the header, found ${len[2]}`
        : err.code === "CSV_QUOTE_NOT_CLOSED"
          ? "a quoted field is never closed"
          : `${err.code ?? "parse error"}`; // csv-parse's own message may quote the file's content
    throw new InputError(label, err.lines ?? null, null, `malformed CSV: ${detail}`);
  }
  const header = records[0]!.record.map((h) => h.trim().toLowerCase());
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    if (h === "") throw new InputError(label, 1, `#${i + 1}`, "the header has an empty column name");
    if (seen.has(h)) throw new InputError(label, 1, h, "the column appears twice in the header");
    seen.set(h, i);
  });
  for (const req of REQUIRED_COLUMNS) {
    if (!seen.has(req)) throw new InputError(label, 1, req, `required column is missing from the header (found: ${header.join(", ")})`);
  }
  if (records.length === 1) throw new InputError(label, null, null, "the file has a header but no stores");

  const extraColumns = header.filter((h) => !KNOWN.has(h));
  const idx = (c: string) => seen.get(c);
  // Every field: NFC, no control characters, at most 200 characters for store_id and 2,000 for
  // any other (lib/text.ts, the rules of every entry point).
  const field = (rec: string[], c: string, line: number, max = c === "store_id" ? MAX_ID_CHARS : MAX_TEXT_CHARS): string => {
    const i = idx(c);
    const v = normalizeText(i === undefined ? "" : (rec[i] ?? ""));
    const problem = textProblem(v, max);
    if (problem) throw new InputError(label, line, c, `the value ${problem}`);
    return v;
  };
  const get = (rec: string[], c: string, line: number): string | null => {
    if (idx(c) === undefined) return null;
    const v = field(rec, c, line);
    return v === "" ? null : v;
  };
  const firstLine = new Map<string, number>();
  const rows: RawStore[] = [];
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r]!;
    const line = info.lines;
    const id = get(record, "store_id", line);
    if (id === null) throw new InputError(label, line, "store_id", "store_id is empty");
    const prev = firstLine.get(id);
    if (prev !== undefined) throw new InputError(label, line, "store_id", `duplicate store_id "${id}" (first seen on line ${prev})`);
    firstLine.set(id, line);
    const name = get(record, "name", line);
    if (name === null) throw new InputError(label, line, "name", "name is empty");
    const lat = idx("lat") === undefined ? null : parseCoordinate(record[idx("lat")!] ?? "", label, line, "lat");
    const lon = idx("lon") === undefined ? null : parseCoordinate(record[idx("lon")!] ?? "", label, line, "lon");
    let extra: string | null = null;
    if (extraColumns.length > 0) {
      // No prototype: a column named __proto__ or constructor is data like any other.
      const obj: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const c of extraColumns) obj[c] = field(record, c, line);
      extra = JSON.stringify(obj);
    }
    rows.push({
      store_id: id,
      name,
      address: get(record, "address", line),
      postcode: get(record, "postcode", line),
      city: get(record, "city", line),
      country: get(record, "country", line),
      lat,
      lon,
      phone: get(record, "phone", line),
      extra,
      line,
    });
  }
  return { file: label, columns: header, extraColumns, rows };
}
