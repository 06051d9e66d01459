/** Kept so that existing imports of "./activations" work: the activations are src/core/activations.ts. */
export * from "./core/activations";
