import { z } from "zod";
import { MAX_TEXT_CHARS, zId, zText } from "../text";

/** Input pieces shared by actions and route handlers; messages say what to fix. */
export const StoreId = zId();
export const Source = z.enum(["gi", "th"], { message: "must be gi or th" });
export const Reason = zText(500, 3, "needs a few words (at least 3 characters)");
export const Note = zText(MAX_TEXT_CHARS, 0);
export const VersionId = z.string().regex(/^v\d+$/, "must be a version id like v3");
export const RunId = z.string().trim().min(1, "is empty").max(100);
export const Email = z.string().trim().toLowerCase().email("is not an email address");
export const RoleName = z.enum(["analyst", "steward", "admin"], { message: "must be analyst, steward or admin" });
