// Types for scripts/faults.mjs, so the TypeScript tests can import it.
export interface Fault {
  id: string;
  description: string;
  file: string;
  find: string;
  replace: string;
  all?: boolean;
}
export const faultsFile: string;
export function readFaults(path?: string): Fault[];
export function applyFault(fault: Fault, root?: string): string;
export function failingTests(tap: string): string[];
export function stoppingReason(failure: string): string;
