import { Option } from "commander";
import { ROLES } from "../../../auth/permissions";
import { addUser } from "../../../control/users";
import { defineCommand } from "../../command";
import { asOption } from "../../options";

/** `storematch users add`: the password is printed once (generated unless given). */
export default defineCommand<{ email: string; role: string; name?: string; password?: string }>({
  usage: "add",
  description: "add a user; prints the password (generated unless --password)",
  options: [
    new Option("--email <email>", "sign-in email").makeOptionMandatory(),
    new Option("--role <role>", ROLES.join(" | ")).makeOptionMandatory(),
    new Option("--name <name>", "display name"),
    new Option("--password <password>", "at least 12 characters (default: generated)"),
    asOption(),
  ],
  permission: "users.manage",
  async run({ opts: o, db, actor }) {
    const r = await addUser(db(), { email: o.email, role: o.role, name: o.name, password: o.password }, actor);
    console.log(`added ${r.user.email} (${r.user.role})${o.password ? "" : `, password: ${r.password}`}`);
  },
});
