// The output folders of `npm run lecture` and `npm run handout`. A folder is cleared only when it
// carries the marker file this module wrote into it; a folder that exists without the marker and
// is not empty may hold someone's files, so the script refuses it before touching anything.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

export const MARKER = ".rnn-jacobian-output";

/**
 * Prepares `folder` for a fresh build: refuses it when it is or contains one of `inputs`, or
 * when it holds files but no marker; otherwise empties it (or creates it) and writes the marker.
 */
export function prepareOutputFolder(folder, inputs, what) {
  const out = resolve(folder);
  for (const input of inputs) {
    const rel = relative(out, resolve(input));
    if (rel === "" || (!rel.startsWith("..") && !rel.startsWith("/"))) {
      throw new Error(`refusing ${folder}: it contains ${input}, an input of ${what}`);
    }
  }
  if (existsSync(out)) {
    const entries = readdirSync(out);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new Error(
        `refusing ${folder}: it holds files that ${what} did not write (no ${MARKER}); ` +
          "move them or choose another folder",
      );
    }
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, MARKER), `written by ${what}; the folder is cleared on every run\n`);
  return out;
}
