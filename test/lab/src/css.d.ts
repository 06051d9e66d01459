// esbuild bundles the style sheets that src/style.ts imports for their effect.
declare module "*.css";
