import { privateUmask } from "../workspace-files";
import { main } from "./main";

privateUmask(); // workspace files 0600, folders 0700

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

// `storematch … | head` closes the pipe early: that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});
