import { Option } from "commander";
import { resetPassword } from "../../../control/users";
import { defineCommand } from "../../command";
import { asOption } from "../../options";

/** `storematch users reset-password`. */
export default defineCommand<{ email: string }>({
  usage: "reset-password",
  description: "set a new generated password (printed once); the user's sessions end",
  options: [new Option("--email <email>", "the user").makeOptionMandatory(), asOption()],
  permission: "users.manage",
  async run({ opts: o, db, actor }) {
    const r = await resetPassword(db(), o.email, actor);
    console.log(`${r.user.email} password: ${r.password}`);
  },
});
