// Types for scripts/sweep.mjs, so the TypeScript tests can import it.
export const sweepDir: string;
export const parametersTag: string;
export interface SweepEntry {
  path: string;
  notebook: string;
  name: string;
  values: Record<string, unknown>;
  refusal?: string;
}
export interface SweepSpec {
  path: string;
  sets: Array<{ name?: string; values: Record<string, unknown>; quick?: boolean }>;
  refusals: Array<{ name?: string; values: Record<string, unknown>; message: string }>;
}
export function parametersCellIndex(notebook: unknown): number;
export function declaredParameters(notebook: unknown): string[];
export function readSweepFile(name: string): SweepSpec | undefined;
export function assignmentSource(values: Record<string, unknown>): string;
export function injectParameters(
  notebook: unknown,
  values: Record<string, unknown>,
  name?: string,
): { notebook: { cells: unknown[] }; injectedIndex: number };
export function sweepPlan(options?: { quick?: boolean; only?: string }): SweepEntry[];
export function runSweepEntry(
  entry: SweepEntry,
  env: NodeJS.ProcessEnv,
  index: number,
): Promise<{ ok: boolean; problem: string; seconds: number }>;
export function runRefusals(
  entries: SweepEntry[],
  env: NodeJS.ProcessEnv,
): Promise<Array<{ ok: boolean; problem: string; seconds: number }>>;
export function runSetAndRefusals(
  set: SweepEntry | undefined,
  entries: SweepEntry[],
  env: NodeJS.ProcessEnv,
): Promise<{
  set?: { ok: boolean; problem: string; seconds: number };
  refusals: Array<{ ok: boolean; problem: string; seconds: number }>;
}>;
export function refusalsByNotebook(plan: SweepEntry[]): SweepEntry[][];
