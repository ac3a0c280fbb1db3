import { AppError } from "../../../control/errors";
import { setSetting, SETTINGS, type SettingKey } from "../../../control/settings";
import { defineCommand } from "../../command";
import { asOption } from "../../options";

/** The value typed on the command line: a number, true or false (JSON). */
function parsed(key: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new AppError("INVALID", `setting ${key}: "${value}" is not a number, true or false`);
  }
}

/** `storematch settings set <key> <value>`: the domain checks the value's type and range. */
export default defineCommand({
  usage: "set <key> <value>",
  description: `change a setting (${Object.keys(SETTINGS).join(", ")})`,
  options: [asOption()],
  check({ args: [key, value] }) {
    if (!Object.hasOwn(SETTINGS, key!)) throw new AppError("INVALID", `unknown setting "${key}" (one of ${Object.keys(SETTINGS).join(", ")})`);
    parsed(key!, value!);
  },
  permission: "settings.write",
  async run({ args: [key, value], db, actor }) {
    const v = parsed(key!, value!);
    await setSetting(db(), key as SettingKey, v as never, actor);
    console.log(`${key} = ${JSON.stringify(v)}`);
  },
});
