/** rnn-jacobian: the public API, one module per job (see README.md for the map). */
export * from "./validate";
export * from "./random";
export * from "./activations";
export * from "./backend";
export * from "./rnn";
export * from "./jacobian";
export * from "./plots";
export * from "./display";
export * from "./symbolic";
export * from "./autodiff";
export * from "./reference";
export * from "./compare";
export * from "./verify";
export * from "./claims";
