/** Kept so that existing imports of "./rnn" work: the model is src/core/model.ts. */
export * from "./core/model";
