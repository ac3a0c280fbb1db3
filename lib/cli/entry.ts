import { main } from "./main";

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

// `storematch … | head` closes the pipe early: that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});
