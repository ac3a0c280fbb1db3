import { Option } from "commander";
import { ROLES } from "../../../auth/permissions";
import { setUserRole } from "../../../control/users";
import { defineCommand } from "../../command";
import { asOption } from "../../options";

/** `storematch users set-role`. */
export default defineCommand<{ email: string; role: string }>({
  usage: "set-role",
  description: "change a user's role (the last active admin keeps theirs)",
  options: [new Option("--email <email>", "the user").makeOptionMandatory(), new Option("--role <role>", ROLES.join(" | ")).makeOptionMandatory(), asOption()],
  permission: "users.manage",
  async run({ opts: o, db, actor }) {
    const u = await setUserRole(db(), o.email, o.role, actor);
    console.log(`${u.email} is ${u.role}`);
  },
});
