import { InvalidArgumentError, Option } from "commander";

/** The options several commands share, and the parsers that refuse bad values with the flag's name. */

export const positiveInt = (label: string, max = Number.MAX_SAFE_INTEGER) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(`${label} must be a positive integer`);
  if (Number(v) > max) throw new InvalidArgumentError(`${label} must be at most ${max}`);
  return Number(v);
};

export const nonNegativeInt = (label: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${label} must be a non-negative integer`);
  return Number(v);
};

const MAX_ID = 2 ** 31 - 1; // the control plane's ids are 32-bit integers

export const idList = (v: string) => {
  const ids = v.split(",").map((x) => x.trim());
  const bad = ids.find((x) => !/^\d+$/.test(x) || Number(x) < 1 || Number(x) > MAX_ID);
  if (bad !== undefined) throw new InvalidArgumentError(`--ids must be trigger ids separated by commas, e.g. 3,7,12 ("${bad.slice(0, 30)}" is not one)`);
  return ids.map(Number);
};

export const score = (label: string) => (v: string) => {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError(`${label} must be a number from 0 to 100`);
  return n;
};

/** --as: who acts (recorded in the audit log; a registered user acts with their role). */
export const asOption = () => new Option("--as <user>", "who is acting (recorded in the audit log)").default(undefined, "$STOREMATCH_USER or cli:<login>");

export const jsonOption = () => new Option("--json", "print JSON");

/** --version of commands that read a published version. */
export const versionOption = () => new Option("--version <v>", "a version id, promoted or latest").default("promoted");

/** --limit with its default. */
export const limitOption = (description: string, byDefault: number) => new Option("--limit <n>", description).argParser(positiveInt("--limit")).default(byDefault);
