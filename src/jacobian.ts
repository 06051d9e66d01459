/** Kept so that existing imports of "./jacobian" work: the forms are src/core/forms.ts. */
export * from "./core/forms";
export { productsOverTime } from "./core/products";
