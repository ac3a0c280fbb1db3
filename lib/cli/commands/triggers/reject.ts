import { decideCommand } from "./decide";

/** `storematch triggers reject`. */
export default decideCommand("reject");
