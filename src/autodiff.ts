// Moved to src/oracle/autodiff.ts; this path stays for existing imports.
export * from "./oracle/autodiff";
