/** Matrices and vectors are plain float64 arrays: a matrix is an array of rows. */
export type Matrix = number[][];
export type Vector = number[];
