#!/usr/bin/env node
// The `storematch` command: runs the TypeScript CLI through tsx.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

process.env.STOREMATCH_ROOT ??= resolve(dirname(fileURLToPath(import.meta.url)), "..");
register();
await import("../lib/cli/entry.ts");
