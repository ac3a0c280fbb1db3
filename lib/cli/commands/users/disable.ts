import { Option } from "commander";
import { disableUser } from "../../../control/users";
import { defineCommand } from "../../command";
import { asOption } from "../../options";

/** `storematch users disable`. */
export default defineCommand<{ email: string }>({
  usage: "disable",
  options: [new Option("--email <email>", "the user").makeOptionMandatory(), asOption()],
  permission: "users.manage",
  async run({ opts: o, db, actor }) {
    const u = await disableUser(db(), o.email, actor);
    console.log(`${u.email} is disabled`);
  },
});
