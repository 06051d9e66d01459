// The folders of src/ are layers and every import points down, so a reader can stop at any layer
// and have read everything it rests on. This test parses every import in src/ and fails when one
// points up a layer, across to a neighbouring folder of the same level, or closes a cycle.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const SRC = path.resolve(__dirname, "../../src");

/**
 * The layers, bottom first. A module may import from its own folder and from lower levels only;
 * folders on the same level (the oracle and the fast path) do not import each other.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["shared"], // matrix types, input checks, seeded random numbers, matrix comparison
  ["core"], // eq. (2), σ, the forms and readings, the products, three loops: no argument checks
  ["checked"], // the core's public functions, each checking its arguments, and the norms
  ["oracle", "fast"], // the independent tfjs and finite-difference checks; the float32 fast path
  ["consequences"], // BPTT, Ω, bounds, clipping, training (their autodiff checks call the oracle)
  ["notebook"], // plots, display, symbolic entries, claims, parameters
  ["tools"], // verify, report, the command line
  ["index.ts"], // the public API
];

/** The core, with every project file it imports, is read in one sitting: at most this many lines. */
export const CORE_LINE_LIMIT = 350;

/** `files` and every project file they import, directly or through others. */
export function withImports(files: string[], edges: ImportEdge[]): string[] {
  const seen = new Set(files);
  for (const file of seen) {
    for (const { from, to } of edges) if (from === file) seen.add(to);
  }
  return [...seen].sort();
}

/** The lines of `files` under `root`, each file's lines counted as wc -l does. */
export function lineCount(root: string, files: string[]): number {
  return files.reduce(
    (sum, file) => sum + fs.readFileSync(path.join(root, file), "utf8").split("\n").length - 1,
    0,
  );
}

/** Only these folders may import tfjs: the rest of the library is plain float64. */
const TFJS_FOLDERS = ["oracle", "fast"];

export interface ImportEdge {
  from: string;
  to: string;
}

/** Every .ts file under `dir`, as paths relative to it with forward slashes. */
function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => file.split(path.sep).join("/"))
    .sort();
}

/** The file a relative specifier names: x.ts or x/index.ts. */
function resolve(root: string, from: string, specifier: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (fs.existsSync(path.join(root, candidate)) && candidate.endsWith(".ts")) return candidate;
  }
  throw new Error(`${from} imports ${specifier}, which is no file under src/`);
}

/** Every import, export … from, import() and require() of every file, by the TypeScript parser. */
export function importsOf(root: string): { local: ImportEdge[]; packages: ImportEdge[] } {
  const local: ImportEdge[] = [];
  const packages: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      if (fileName.startsWith(".")) local.push({ from: file, to: resolve(root, file, fileName) });
      else packages.push({ from: file, to: fileName });
    }
  }
  return { local, packages };
}

/** The top folder of a file ("core", "notebook", …; "index.ts" for the index itself). */
const topFolder = (file: string) => file.split("/")[0];

function levelOf(file: string): number {
  const level = LAYERS.findIndex((folders) => folders.includes(topFolder(file)));
  if (level < 0) throw new Error(`${file} lies in no layer: add its folder to LAYERS`);
  return level;
}

/** The imports that point up a layer or across to a neighbour on the same level. */
export function upwardImports(edges: ImportEdge[]): string[] {
  return edges
    .filter(({ from, to }) => {
      const [a, b] = [levelOf(from), levelOf(to)];
      return b > a || (a === b && topFolder(from) !== topFolder(to));
    })
    .map(({ from, to }) => `${from} → ${to}`);
}

/** One cycle of the directed graph, as a path that ends where it starts, or undefined. */
export function findCycle(edges: ImportEdge[]): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (from !== to) next.set(from, [...(next.get(from) ?? []), to]);
  }
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "open") return [...stack.slice(stack.indexOf(node)), node];
    if (state.get(node) === "done") return undefined;
    state.set(node, "open");
    stack.push(node);
    for (const target of next.get(node) ?? []) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of next.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The same imports between folders (src/notebook/plots, src/notebook, …). */
export const folderEdges = (edges: ImportEdge[]): ImportEdge[] =>
  edges.map(({ from, to }) => ({ from: path.posix.dirname(from), to: path.posix.dirname(to) }));

describe("layers: the folders of src/ are layers and every import points down", () => {
  const { local, packages } = importsOf(SRC);

  it("finds the imports (the parser sees the library)", () => {
    assert.ok(local.length > 50, `only ${local.length} imports found`);
    assert.ok(local.some((edge) => edge.from === "index.ts" && edge.to === "core/model.ts"));
  });

  it("no import points up a layer or across to a neighbouring folder", () => {
    assert.deepEqual(upwardImports(local), []);
  });

  it("no two modules import each other, directly or through others", () => {
    assert.equal(findCycle(local)?.join(" → "), undefined);
  });

  it("no two folders import each other, directly or through others", () => {
    assert.equal(findCycle(folderEdges(local))?.join(" → "), undefined);
  });

  it(`core/ with everything it imports is at most ${CORE_LINE_LIMIT} lines`, () => {
    const core = sourceFiles(SRC).filter((file) => topFolder(file) === "core");
    assert.ok(core.includes("core/forms.ts") && core.includes("core/model.ts"));
    const read = withImports(core, local);
    const lines = lineCount(SRC, read);
    assert.ok(lines <= CORE_LINE_LIMIT, `core/ reads ${lines} lines: ${read.join(", ")}`);
  });

  it(`only ${TFJS_FOLDERS.join(" and ")} import tfjs`, () => {
    const tfjs = packages.filter(({ to }) => to.startsWith("@tensorflow/"));
    assert.ok(tfjs.length > 0);
    assert.deepEqual(
      tfjs.filter(({ from }) => !TFJS_FOLDERS.includes(topFolder(from))).map(({ from }) => from),
      [],
    );
  });

  it("the checks catch an upward import, a sideways import and a cycle", () => {
    const up = [{ from: "core/products.ts", to: "fast/products.ts" }];
    assert.deepEqual(upwardImports(up), ["core/products.ts → fast/products.ts"]);
    const sideways = [{ from: "oracle/autodiff.ts", to: "fast/products.ts" }];
    assert.equal(upwardImports(sideways).length, 1);
    const cycle = [
      { from: "notebook/symbolic.ts", to: "notebook/plots/labels.ts" },
      { from: "notebook/plots/recap.ts", to: "notebook/symbolic.ts" },
      { from: "notebook/plots/labels.ts", to: "notebook/plots/style.ts" },
    ];
    assert.equal(findCycle(cycle), undefined);
    assert.deepEqual(findCycle(folderEdges(cycle)), ["notebook", "notebook/plots", "notebook"]);
    assert.throws(() => levelOf("elsewhere/x.ts"), /no layer/);
    const chain = [
      { from: "core/a.ts", to: "shared/b.ts" },
      { from: "shared/b.ts", to: "shared/c.ts" },
      { from: "oracle/d.ts", to: "core/a.ts" },
    ];
    assert.deepEqual(withImports(["core/a.ts"], chain), [
      "core/a.ts",
      "shared/b.ts",
      "shared/c.ts",
    ]);
  });
});
