// Types for scripts/command-line.mjs.
import type { ParseArgsConfig } from "node:util";
export declare function parseCommandLine(
  args: string[],
  options: { script: string; usage: string; options: NonNullable<ParseArgsConfig["options"]> },
): Record<string, string | boolean | undefined>;
export declare function runScript(script: string, main: () => unknown): Promise<void>;
