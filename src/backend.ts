// Moved to src/oracle/backend.ts; this path stays for existing imports.
export * from "./oracle/backend";
