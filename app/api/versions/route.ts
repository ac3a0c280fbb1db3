import { loadConfig } from "../../../lib/config";
import { guarded } from "../../../lib/http/route";
import { listVersions } from "../../../lib/versions/registry";

export const GET = guarded("versions.read", async () => listVersions(loadConfig()));
