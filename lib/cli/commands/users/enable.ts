import { Option } from "commander";
import { enableUser } from "../../../control/users";
import { defineCommand } from "../../command";
import { asOption } from "../../options";

/** `storematch users enable`. */
export default defineCommand<{ email: string }>({
  usage: "enable",
  description: "let a disabled user sign in again, with a new password (printed once)",
  options: [new Option("--email <email>", "the user").makeOptionMandatory(), asOption()],
  permission: "users.manage",
  async run({ opts: o, db, actor }) {
    const r = await enableUser(db(), o.email, actor);
    console.log(r.password ? `${r.user.email} is active, password: ${r.password}` : `${r.user.email} is active`);
  },
});
