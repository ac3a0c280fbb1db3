#!/usr/bin/env node
// The `storematch` command: runs the TypeScript CLI through tsx.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

process.env.STOREMATCH_ROOT ??= resolve(dirname(fileURLToPath(import.meta.url)), "..");
// snowflake-sdk's bundled AWS SDK warns on stderr, on load, that it will need Node 22 from 2027: not the CLI's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register();
await import("../lib/cli/entry.ts");
