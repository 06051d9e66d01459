// Bundles the JupyterLab fixture page (src/index.ts and JupyterLab's style sheets) with esbuild
// into one folder that the fixture server (server.py) serves as its static files:
// `node test/lab/build.mjs [<output folder>]`, by default <project>/build/lab-app.
//
// The options are the ones JupyterLab's packages need outside webpack: ES modules with code
// splitting (MathJax and the CodeMirror languages load on demand), SVG icons imported as text,
// fonts and images as files, `process.env.NODE_ENV` and `global` defined for the browser, and
// webpack's "~package/..." form of CSS @import resolved as a package path.
import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
export const defaultOutput = resolve(here, "..", "..", "build", "lab-app");

/** Resolves CSS `@import url("~@jupyterlab/…")` (webpack's css-loader syntax) as a package. */
const tildeImports = {
  name: "tilde-imports",
  setup(build) {
    build.onResolve({ filter: /^~/ }, (args) =>
      build.resolve(args.path.slice(1), { kind: args.kind, resolveDir: args.resolveDir }),
    );
  },
};

export async function buildLabApp(outdir = defaultOutput) {
  rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: here,
    entryPoints: { index: join(here, "src", "index.ts") },
    outdir,
    bundle: true,
    format: "esm",
    // No code splitting: esbuild gives a split-off CommonJS module (mathjax-full is one) to
    // import() as a namespace with only `default`, where webpack (JupyterLab's bundler) also
    // offers its named exports; inlined, esbuild wraps it with the same interop as webpack.
    splitting: false,
    minify: true,
    sourcemap: false,
    target: "chrome120",
    loader: {
      ".svg": "text",
      ".woff": "file",
      ".woff2": "file",
      ".ttf": "file",
      ".eot": "file",
      ".png": "file",
      ".gif": "file",
    },
    define: {
      "process.env.NODE_ENV": '"production"',
      global: "window",
      // webpack 5, which builds JupyterLab, replaces __dirname with "/" in browser code;
      // mathjax-full's component loader reads it when it loads.
      __dirname: '"/"',
    },
    plugins: [tildeImports],
    logLevel: "warning",
    metafile: true,
  });
  return { outdir, files: Object.keys(result.metafile.outputs).length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const { outdir, files } = await buildLabApp(
    process.argv[2] ? resolve(process.argv[2]) : undefined,
  );
  console.log(`JupyterLab fixture: ${files} files in ${outdir} (${Date.now() - started} ms)`);
}
