// The scripts a report page loads, copied from npm packages into the report folder itself, so a
// copied report folder works anywhere, offline: require.js (which nbconvert's page template
// loads) and MathJax 2.7 (the version nbconvert 6's template configures), both pinned in
// package.json. Debian's nbconvert would otherwise point the pages at file:///usr/share/javascript
// on the machine that converted them.
//
// Of MathJax only what typesetting TeX into CommonHTML needs is copied (about 3 MB instead of the
// package's 70 MB): the loader, the combined TeX-AMS_CHTML-full configuration and the Safe
// configuration the template asks for, the TeX input and CommonHTML output jax with the element
// jax they load, the TeX extensions (loaded on demand by \require and some macros), and the TeX
// fonts in woff, the format CommonHTML uses.
import { cpSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The folder, inside a report folder, that holds the copied scripts. */
export const assetsFolder = "vendor";

const mathjaxParts = [
  "MathJax.js",
  "config/TeX-AMS_CHTML-full.js",
  "config/Safe.js",
  "extensions",
  "jax/input/TeX",
  "jax/output/CommonHTML",
  "jax/element",
  "fonts/HTML-CSS/TeX/woff",
];

/** The URLs (relative to a page in the report folder) nbconvert should write into each page. */
export const assetUrls = {
  requireJs: `${assetsFolder}/require.js`,
  mathjax: `${assetsFolder}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe`,
};

/** Copies require.js and the MathJax subset into `reportDir`/vendor. */
export function copyReportAssets(reportDir) {
  const target = join(reportDir, assetsFolder);
  mkdirSync(join(target, "mathjax"), { recursive: true });
  cpSync(require.resolve("requirejs/require.js"), join(target, "require.js"));
  const mathjaxRoot = dirname(require.resolve("mathjax/package.json"));
  for (const part of mathjaxParts) {
    const from = join(mathjaxRoot, part);
    if (!existsSync(from)) throw new Error(`MathJax is missing ${part} (${from})`);
    cpSync(from, join(target, "mathjax", part), { recursive: true });
  }
  return target;
}
