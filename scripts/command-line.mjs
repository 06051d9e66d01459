// The scripts' command lines, read one way: node's util.parseArgs in strict mode, so an unknown
// flag, a stray word or a flag without its value is refused with the script's usage and exit
// status 2 (never taken as a folder name: `--out --bogus` must not create a folder "--bogus").
// Every script that writes a folder names it with `--out <dir>`.
import { parseArgs } from "node:util";
import { OutputFolderError } from "./output-folder.mjs";

/**
 * Parses `args` against `options` (util.parseArgs's option descriptions). Returns the values;
 * throws an OutputFolderError (exit status 2) with `usage` on any mistake, including a string
 * value that starts with "-" (a forgotten value followed by another flag).
 */
export function parseCommandLine(args, { script, usage, options }) {
  let values;
  try {
    ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new OutputFolderError(`npm run ${script}: ${firstLine(error.message)}\n${usage}`);
  }
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === "string" && (value === "" || value.startsWith("-"))) {
      throw new OutputFolderError(
        `npm run ${script}: --${name} needs a value, got ${JSON.stringify(value)}\n${usage}`,
      );
    }
  }
  return values;
}

function firstLine(text) {
  return String(text).split("\n")[0];
}

/**
 * Runs a script's `main` (sync or async) and turns a thrown error into one line on stderr and an
 * exit status: the error's own `exitCode` (2 for a refused command line or output folder), else 1.
 */
export async function runScript(script, main) {
  try {
    await main();
  } catch (error) {
    console.error(
      error instanceof OutputFolderError
        ? error.message
        : `npm run ${script}: ${error?.message ?? error}`,
    );
    process.exitCode = error?.exitCode ?? 1;
  }
}
