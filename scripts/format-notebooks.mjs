// Formats the notebooks' code cells like the rest of the code (Prettier with the project's
// .prettierrc.json, TypeScript parser) and keeps every code line within the print width, which
// Prettier alone cannot promise for long strings. Prettier does not read .ipynb files, so this
// script takes each code cell out, formats it and puts it back in nbformat's own JSON layout.
//
// Usage: node scripts/format-notebooks.mjs [--check] [notebook.ipynb …]
//   (no files: every notebook in notebooks/ and, when present, the teaching fixtures)
//   --check  change nothing; list each cell that is not formatted or has an over-long line, and
//            exit 1 if there is any (npm run lint runs this).
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as prettier from "prettier";
import { projectRoot } from "./jupyter.mjs";
import { cellSource, listNotebooks } from "./notebooks.mjs";

/** nbformat's on-disk layout: keys sorted, one-space indent, source as a list of lines. */
export function serializeNotebook(notebook) {
  const sorted = (value) => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sorted(value[key])]),
    );
  };
  return `${JSON.stringify(sorted(notebook), null, 1)}\n`;
}

/** "a\nb\n" → ["a\n", "b\n"], as nbformat stores multi-line strings. */
export function sourceLines(text) {
  return text === "" ? [] : (text.match(/[^\n]*\n|[^\n]+$/g) ?? []);
}

/** Formats one code cell's TypeScript; a cell ends without a trailing newline, as Jupyter saves it. */
export async function formatCell(source, options) {
  const formatted = await prettier.format(source, { ...options, parser: "typescript" });
  return formatted.replace(/\n+$/, "");
}

/** Each problem of one notebook's code cells: not as Prettier would write it, or a line too long. */
export async function notebookFormatProblems(notebook, options) {
  const width = options.printWidth ?? 80;
  const problems = [];
  for (const [index, cell] of (notebook.cells ?? []).entries()) {
    if (cell.cell_type !== "code") continue;
    const source = cellSource(cell);
    const where = `cell ${index + 1}`;
    try {
      if ((await formatCell(source, options)) !== source) {
        problems.push(`${where} is not formatted (npm run format fixes it)`);
      }
    } catch (error) {
      problems.push(
        `${where} does not parse as TypeScript: ${String(error.message).split("\n")[0]}`,
      );
    }
    source.split("\n").forEach((line, k) => {
      if ([...line].length > width) {
        problems.push(`${where}, line ${k + 1} has ${[...line].length} characters (over ${width})`);
      }
    });
  }
  return problems;
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes("--check");
  const files = args.filter((arg) => !arg.startsWith("--"));
  const paths = files.length > 0 ? files : listNotebooks(join(projectRoot, "notebooks"));
  const options = (await prettier.resolveConfig(join(projectRoot, "x.ts"))) ?? {};
  let failures = 0;
  for (const path of paths) {
    const text = readFileSync(path, "utf8");
    const notebook = JSON.parse(text);
    const name = relative(projectRoot, path);
    if (check) {
      const problems = await notebookFormatProblems(notebook, options);
      if (problems.length > 0) {
        failures += 1;
        console.log(`${name}:\n  - ${problems.join("\n  - ")}`);
      }
      continue;
    }
    for (const cell of notebook.cells ?? []) {
      if (cell.cell_type !== "code") continue;
      cell.source = sourceLines(await formatCell(cellSource(cell), options));
    }
    const output = serializeNotebook(notebook);
    if (output !== text) {
      writeFileSync(path, output);
      console.log(`formatted ${name}`);
    }
  }
  if (check) {
    console.log(
      failures === 0
        ? `notebook code cells formatted: ${paths.length} notebooks`
        : `${failures} notebook(s) need formatting`,
    );
    process.exitCode = failures === 0 ? 0 : 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
