// Types for scripts/jupyter.mjs, so the TypeScript tests can share it with the plain-Node scripts.
export declare const projectRoot: string;
export declare const localJupyter: string;
export declare const notebooksDir: string;
export declare const buildDir: string;
export declare const kernelName: string;
export declare function jupyterPython(): string;
export declare function requireCommand(command: string, hint: string): void;
export declare function kernelSpecIsCurrent(kernelSpec: string, tslabBinary: string): boolean;
export declare function prepareJupyter(options?: { runtimeDir?: string; isolated?: boolean }): {
  env: NodeJS.ProcessEnv;
  kernelName: string;
  dataDir: string;
};
