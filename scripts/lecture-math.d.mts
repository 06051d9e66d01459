// Types for scripts/lecture-math.mjs, so the TypeScript tests can share it.
export declare function texToSvg(source: string, display: boolean): string;
export declare function mathCss(): string;
