// `npm run exercises`: writes the student version of every notebook that has exercises into
// build/exercises/ (see scripts/exercises-regions.mjs for the solution regions), with a
// README.md listing each notebook's exercises in order. Notebooks without exercises are copied
// unchanged, so the folder is a complete set to hand out. Nothing is executed.
//
// `--out <dir>` writes elsewhere (a new or empty folder, or one this script made: see
// scripts/output-folder.mjs); RNN_JACOBIAN_NOTEBOOKS_DIR picks another folder of notebooks.
import { writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseCommandLine, runScript } from "./command-line.mjs";
import { buildDir, projectRoot } from "./jupyter.mjs";
import { prepareOutputFolder } from "./output-folder.mjs";
import { listNotebooks, notebookName, notebooksDirectory, readNotebook } from "./notebooks.mjs";
import { notebookExercises, studentVersion } from "./exercises-regions.mjs";

/**
 * Writes the student versions of the notebooks in `notebooksDir` into `outputDir` (emptied
 * first, after prepareOutputFolder has accepted it) and returns [{ name, path, exercises: [{ id, message }] }].
 */
export function writeExercises({
  notebooksDir = notebooksDirectory(),
  outputDir = join(buildDir, "exercises"),
} = {}) {
  const notebooks = listNotebooks(notebooksDir);
  if (notebooks.length === 0) throw new Error(`No notebooks (*.ipynb) found in ${notebooksDir}.`);
  // Read and transform everything before touching the output, so a malformed region leaves
  // the previous hand-out intact.
  const results = notebooks.map((path) => {
    const notebook = readNotebook(path);
    const label = basename(path);
    const exercises = notebookExercises(notebook, label).map(({ id, message }) => ({
      id,
      message,
    }));
    const student = exercises.length > 0 ? studentVersion(notebook, label) : notebook;
    return { name: notebookName(path), student, exercises };
  });
  const folder = prepareOutputFolder(outputDir, { script: "exercises", inputs: [notebooksDir] });
  const written = results.map(({ name, student, exercises }) => {
    const path = join(folder, `${name}.ipynb`);
    writeFileSync(path, `${JSON.stringify(student, null, 1)}\n`);
    return { name, path, exercises };
  });
  writeFileSync(join(folder, "README.md"), handoutReadme(written));
  return written;
}

function handoutReadme(written) {
  const lines = [
    "# Exercises",
    "",
    "Each exercise is a function whose body you write, in place of the line that throws",
    '`Error("Exercise <id>: …")`. The cell after it checks your answer against an independent',
    "computation (automatic differentiation or finite differences) and, when it is wrong, says",
    "which typical mistake it matches. Run the notebook from the top; it stops at the first",
    "exercise still to do.",
    "",
  ];
  for (const { name, exercises } of written) {
    if (exercises.length === 0) continue;
    lines.push(`## ${name}`, "");
    for (const { id, message } of exercises) lines.push(`- **${id}** ${message}`);
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

const usage = "usage: npm run exercises [-- --out <dir>]   (default build/exercises)";

function main() {
  const { out } = parseCommandLine(process.argv.slice(2), {
    script: "exercises",
    usage,
    options: { out: { type: "string" } },
  });
  const written = writeExercises(out ? { outputDir: resolve(projectRoot, out) } : {});
  const total = written.reduce((sum, w) => sum + w.exercises.length, 0);
  for (const { path, exercises } of written) {
    const ids = exercises.map((e) => e.id).join(", ");
    console.log(`  ${relative(projectRoot, path)}${ids ? `  (exercises ${ids})` : ""}`);
  }
  console.log(`${total} exercise(s) in ${written.length} notebook(s).`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  void runScript("exercises", main);
}
