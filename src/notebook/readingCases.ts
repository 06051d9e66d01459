/**
 * What a draw of notebooks 4 and 5 shows: the printed W_recᵀ diag(σ′) and the true Jacobian
 * differ by a formula that depends on W and σ′, so in some draws they agree (n = 1, a symmetric
 * W, equal slopes, inactive relu neurons). These functions say, in one sentence, which case the
 * draw is in, from the numbers the cell computed; they decide nothing the cell asserts.
 */

function checkSlopes(s: readonly number[]): void {
  if (s.length === 0 || s.some((v) => !Number.isFinite(v))) {
    throw new RangeError(`s (the slopes σ′) must be a non-empty list of finite numbers`);
  }
}

/**
 * Numerator reading, the answer's entry ∂x₁⁽²⁾/∂x₂⁽¹⁾: `gap` = (W₂₁ − W₁₂) σ′(x₂⁽¹⁾), the printed
 * entry minus the true one, and `s` = σ′(x⁽¹⁾) of the two neurons.
 */
export function numeratorExampleNote(gap: number, s: readonly number[], tolerance: number): string {
  checkSlopes(s);
  if (Math.abs(gap) > tolerance) {
    return `In this draw the printed entry is off by ${Math.abs(gap).toFixed(5)}.`;
  }
  if (s[1] === 0) {
    return (
      "Neuron 2 is inactive at x⁽¹⁾ (relu, σ′(x₂⁽¹⁾) = 0), so both entries are 0 and agree " +
      "by accident: choose another exampleSeed to see them differ."
    );
  }
  return (
    "(W₂₁ − W₁₂) σ′(x₂⁽¹⁾) is below float32 rounding in this draw (nearly equal weights " +
    "or a saturated neuron 2): choose another exampleSeed to see the entries differ."
  );
}

/**
 * Denominator reading, the answer's entry: `gap` = W₁₂ (σ′(x₁⁽¹⁾) − σ′(x₂⁽¹⁾)), `s` = σ′(x⁽¹⁾),
 * `activation` the name of σ.
 */
export function denominatorExampleNote(
  gap: number,
  s: readonly number[],
  tolerance: number,
  activation: string,
): string {
  checkSlopes(s);
  if (Math.abs(gap) > tolerance) {
    return `In this draw the printed entry is off by ${Math.abs(gap).toFixed(5)}.`;
  }
  if (s[0] === s[1]) {
    return (
      `σ′(x₁⁽¹⁾) = σ′(x₂⁽¹⁾) = ${s[0]} here (${activation}), so the wrong neuron's slope ` +
      "equals the right one and the entries agree: choose another exampleSeed or activation."
    );
  }
  return (
    "W₁₂ (σ′(x₁⁽¹⁾) − σ′(x₂⁽¹⁾)) is below float32 rounding in this draw: choose another " +
    "exampleSeed to see the entries differ."
  );
}

/** Numerator reading, the whole matrix: `predicted` = the printed form minus the true one. */
export function numeratorMatrixNote(
  predicted: readonly (readonly number[])[],
  s: readonly number[],
  tolerance: number,
): string {
  checkSlopes(s);
  const size = s.length;
  const wrong = predicted.flat().filter((v) => Math.abs(v) > tolerance).length;
  const inactive = s.filter((v) => v === 0).length;
  const verb = inactive === 1 ? "is" : "are";
  const note =
    inactive === 0
      ? ""
      : ` ${inactive} of the ${size} neurons ${verb} inactive ` +
        "(relu, σ′ = 0): their columns are 0 in both matrices, whatever W is.";
  if (size === 1) return "n = 1: W is 1×1, so Wᵀ = W and the printed form is right here.";
  if (wrong === 0) {
    return `In this draw the printed form is right to within float32 rounding.${note}`;
  }
  return (
    `The printed form gets ${wrong} of the ${size * (size - 1)} off-diagonal entries ` +
    `wrong beyond float32 rounding; the diagonal agrees.${note}`
  );
}

/** Denominator reading, the whole matrix: `predicted` = the printed form minus the true one. */
export function denominatorMatrixNote(
  predicted: readonly (readonly number[])[],
  s: readonly number[],
  tolerance: number,
  activation: string,
): string {
  checkSlopes(s);
  const size = s.length;
  const wrong = predicted.flat().filter((v) => Math.abs(v) > tolerance).length;
  if (size === 1) return "n = 1: there is no pair of neurons, so the printed form is right here.";
  if (wrong > 0) {
    return (
      `The printed form gets ${wrong} of the ${size * (size - 1)} off-diagonal entries ` +
      "wrong beyond float32 rounding: those joining two neurons with different slopes."
    );
  }
  return s.every((v) => v === s[0])
    ? `Every neuron has the same slope σ′ = ${s[0]} here (${activation}): D = ${s[0]}·I, so ` +
        "Wᵀ D = D Wᵀ and the printed form read in denominator layout is exactly right."
    : "Every pair of neurons joined by a weight has slopes equal to within float32 rounding: " +
        "the printed form is right to that precision.";
}

/**
 * The products over time in denominator order: `sameProduct` says whether Q equals Pᵀ to
 * rounding, `factorGap` is the largest |entry| of Wᵀ D_i − D_i Wᵀ over the steps.
 */
export function denominatorProductNote(sameProduct: boolean, factorGap: number): string {
  if (!sameProduct) {
    return "Here Q ≠ Pᵀ: compare their norms and the cosine above; only their eigenvalues agree.";
  }
  if (factorGap === 0) {
    return (
      "Here Q = Pᵀ, and every step's printed factor Wᵀ D_i equals the true D_i Wᵀ " +
      "(connected neurons share their slopes, or n = 1): nothing is lost."
    );
  }
  return (
    `Here Q = Pᵀ (to rounding) although the printed factors differ from the true ones, by up ` +
    `to ${factorGap.toExponential(2)} at some step: equal products do not need equal factors ` +
    "(a step at which every relu neuron is inactive makes both products 0)."
  );
}

/**
 * The table of notebook 5: for each row, a quantity of Pᵀ (true) and of Q (the printed factors),
 * then the cosine between Q g and Pᵀ g. Only what MathJax 2 and 3 both define: array, hline,
 * text (neither defines multicolumn). A value that is not finite is written "undefined".
 */
export function similarityTableTex(rows: [string, number, number][], cosine: number): string {
  const cell = (v: number) => (Number.isFinite(v) ? v.toPrecision(4) : "\\text{undefined}");
  const head = "& P^\\top\\ \\text{(true)} & Q\\ \\text{(printed factors)} \\\\ \\hline ";
  return (
    "\\begin{array}{lrr} " +
    head +
    rows.map(([name, a, b]) => `${name} & ${cell(a)} & ${cell(b)}`).join(" \\\\ ") +
    ` \\end{array} \\qquad \\cos(Q\\,g,\\ P^\\top g) = ${cell(cosine)}`
  );
}
