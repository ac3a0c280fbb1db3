import { decideCommand } from "./decide";

/** `storematch triggers approve`. */
export default decideCommand("approve");
