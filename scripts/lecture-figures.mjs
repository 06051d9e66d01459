// The lecture deck's figures: each computed with the library (the compiled package, as the
// notebooks use it), drawn by the library's own figure builders, and checked before it is
// returned against an independent float64 computation written here — eq. (2) stepped by a loop
// of this file and differentiated by central differences. A wrong library stops the build with
// the claim that failed, as a wrong claim stops a notebook.
import * as rj from "../dist/index.js";

// ---------------------------------------------------------------------------------------------
// The independent side: eq. (2) over plain arrays, x⁽ᵗ⁾ = W σ(x⁽ᵗ⁻¹⁾) + W_in u⁽ᵗ⁾ + b.

const SIGMA = {
  tanh: Math.tanh,
  linear: (x) => x,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
};

function ownStep(net, x, input) {
  const sigma = SIGMA[net.activation];
  const a = x.map(sigma);
  return net.wRec.map(
    (row, j) =>
      row.reduce((sum, w, k) => sum + w * a[k], 0) +
      net.wIn[j].reduce((sum, w, l) => sum + w * input[l], 0) +
      net.b[j],
  );
}

/** x⁽ᵗ⁺ᵈ⁾ from x⁽ᵗ⁾ = `x` over the inputs u⁽ᵗ⁺¹⁾ … u⁽ᵗ⁺ᵈ⁾ (`inputs`, 0-based rows of u). */
function ownRun(net, x, inputs) {
  return inputs.reduce((state, input) => ownStep(net, state, input), x);
}

/** Central differences of `map` at `point`, numerator layout: entry (j, k) = ∂map_j/∂point_k. */
function ownJacobian(map, point, h = 1e-6) {
  const columns = point.map((_, k) => {
    const up = point.slice();
    const down = point.slice();
    up[k] += h;
    down[k] -= h;
    const [fu, fd] = [map(up), map(down)];
    return fu.map((v, j) => (v - fd[j]) / (2 * h));
  });
  return point.map((_, j) => columns.map((column) => column[j]));
}

/**
 * How close a central difference (h = 1e-6, float64) comes: its truncation error is O(h²) relative,
 * its rounding error about 1e-16 · |value of the map| / h, absolute.
 */
const DIFFERENCE_TOLERANCE = { relative: 1e-6, absolute: 1e-9 };

function maxAbs(matrix) {
  return Math.max(...matrix.flat().map(Math.abs));
}

function maxAbsDifference(a, b) {
  return Math.max(...a.flat().map((v, i) => Math.abs(v - b.flat()[i])));
}

/** Stops the build when a figure's claim does not hold. */
function claim(what, holds, detail = "") {
  if (!holds) throw new Error(`claim failed: ${what}${detail ? ` (${detail})` : ""}`);
}

function percentile(sorted, p) {
  const at = (sorted.length - 1) * p;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

// ---------------------------------------------------------------------------------------------
// The figures. Each returns { figure, claims }: the library's Figure and the sentences checked.

/** 00 warm-up: one neuron, the product of w σ′(x⁽ⁱ⁻¹⁾) over t steps, three ways. */
function warmup() {
  const steps = 30;
  const u = rj.randomInputs(steps, 1, 7);
  const cases = [
    { name: "tanh, |w|γ = 0.8", w: 0.8, activation: "tanh" },
    { name: "tanh, |w|γ = 3", w: 3, activation: "tanh" },
    { name: "linear, w = 2", w: 2, activation: "linear" },
  ];
  const ts = Array.from({ length: steps }, (_, i) => i + 1);
  const series = cases.map((c) => {
    const net = rj.createRNN({ wRec: [[c.w]], wIn: [[0.5]], b: [0.1], activation: c.activation });
    const states = rj.forward(net, u, [0.3]);
    // ∂x⁽ᵗ⁾/∂x⁽⁰⁾ from the library's products over time, one t at a time.
    const products = ts.map(
      (t) => rj.productsOverTime(net, states.slice(0, t + 1), "numerator")[0],
    );
    const values = products.map((p) => Math.abs(p[0][0]));
    // Checked against central differences of this file's own run of eq. (2).
    ts.forEach((t, i) => {
      const measured = ownJacobian((x) => ownRun(net, x, u.slice(0, t)), [0.3])[0][0];
      const error = Math.abs(Math.abs(measured) - values[i]);
      claim(
        `${c.name}: ∂x⁽${t}⁾/∂x⁽⁰⁾ = central difference`,
        error <= DIFFERENCE_TOLERANCE.relative * Math.abs(measured) + DIFFERENCE_TOLERANCE.absolute,
        `|difference| ${error}`,
      );
    });
    return { ...c, values };
  });
  const [small, saturated, linear] = series;
  claim("|w|γ = 0.8: the product vanishes", small.values[steps - 1] < 1e-2);
  claim(
    "|w|γ = 3: the product vanishes although |w|γ > 1",
    saturated.values[steps - 1] < 1e-3,
    `${saturated.values[steps - 1]}`,
  );
  claim(
    "linear, w = 2: the product is 2ᵗ and explodes",
    linear.values.every((v, i) => Math.abs(v / 2 ** (i + 1) - 1) < 1e-12) &&
      linear.values[steps - 1] > 1e8,
  );
  const figure = rj.lineChartFigure({
    title: "|∂x⁽ᵗ⁾/∂x⁽⁰⁾| of one neuron",
    xTitle: "t (steps back)",
    yTitle: "|∂x⁽ᵗ⁾/∂x⁽⁰⁾|",
    logY: true,
    series: [
      ...series.map((s) => ({ name: s.name, x: ts, y: s.values })),
      { name: "bound 3ᵗ", x: ts.slice(0, 12), y: ts.slice(0, 12).map((t) => 3 ** t) },
    ],
  });
  return {
    figure,
    claims: [
      "every product equals central differences of the neuron's run",
      "|w|γ = 0.8 and |w|γ = 3 (tanh) vanish; the linear neuron explodes as 2ᵗ",
    ],
  };
}

/** The answer's two-neuron picture, with the edge 2 → 1 and neuron 2's σ highlighted. */
function network() {
  const net = rj.randomRNN({ n: 2, seed: 11, activation: "tanh" });
  const x1 = rj.randomState(2, 12);
  const s = rj.sigmaPrimeAt(net, x1);
  const measured = ownJacobian((x) => ownStep(net, x, [0]), x1)[0][1];
  claim(
    "∂x₁⁽²⁾/∂x₂⁽¹⁾ = W₁₂ σ′(x₂⁽¹⁾) (central differences)",
    Math.abs(measured - net.wRec[0][1] * s[1]) < 1e-8,
  );
  const figure = rj.networkDiagramFigure({
    title: "Two neurons, steps 1 and 2: the edge 2 → 1 carries W₁₂",
    n: 2,
    steps: 2,
    weights: net.wRec,
    highlight: [{ from: 1, to: 0, meaning: "correct", label: "W₁₂", sigmaOf: 1 }],
  });
  return { figure, claims: ["∂x₁⁽²⁾/∂x₂⁽¹⁾ = W₁₂ σ′(x₂⁽¹⁾) against central differences"] };
}

/** Reading 1: correct W D, printed Wᵀ D and their difference, one colour scale. */
function numerator() {
  const n = 4;
  const net = rj.randomRNN({ n, seed: 5, activation: "tanh" });
  const x = rj.randomState(n, 6);
  const correct = rj.stepJacobian(net, x, "numerator");
  const printed = rj.stepJacobian(net, x, "paper");
  const difference = rj.compareMatrices(printed, correct).difference;
  const measured = ownJacobian((state) => ownStep(net, state, [0]), x);
  const gap = maxAbsDifference(correct, measured) / maxAbs(measured);
  claim("W diag(σ′) = central differences of eq. (2)", gap < 1e-8, `${gap}`);
  const s = x.map((v) => 1 - Math.tanh(v) ** 2);
  const predicted = correct.map((row, j) =>
    row.map((_, k) => (net.wRec[k][j] - net.wRec[j][k]) * s[k]),
  );
  claim(
    "printed − correct = (W_kj − W_jk) σ′(x_k) entry by entry",
    maxAbsDifference(difference, predicted) < 1e-12,
  );
  claim("the printed form differs from the Jacobian", maxAbsDifference(printed, measured) > 0.05);
  const range = rj.symmetricRange(correct, printed, difference);
  const figure = rj.heatmapGridFigure({
    title: "Reading 1, n = 4, tanh",
    range,
    zTitle: "entry value",
    ...rj.jacobianAxisLabels(n, "numerator"),
    panels: [
      { title: "correct: W diag(σ′)", matrix: correct },
      { title: "printed: Wᵀ diag(σ′)", matrix: printed },
      { title: "printed − correct", matrix: difference, difference: true },
    ],
  });
  return {
    figure,
    claims: [
      "W diag(σ′) equals central differences of eq. (2)",
      "the difference is (W_kj − W_jk) σ′(x_k) at every entry",
    ],
  };
}

/** The four readings of the answer's example, each value checked. */
function readings() {
  const net = rj.randomRNN({ n: 2, seed: 11, activation: "tanh" });
  const x1 = rj.randomState(2, 12);
  const s = rj.sigmaPrimeAt(net, x1);
  const truth = ownJacobian((x) => ownStep(net, x, [0]), x1)[0][1];
  for (const cell of rj.readingsRecapCells(0, 1, 2, 2, net.wRec, s)) {
    const byHand = net.wRec[cell.weight.row][cell.weight.col] * s[cell.sigmaPrimeOf];
    claim(
      `${cell.entry} = its weight times its σ′`,
      Math.abs((cell.value ?? NaN) - byHand) < 1e-12,
    );
    const right = Math.abs(byHand - truth) < 1e-8;
    claim(`${cell.entry} is ${cell.verdict}`, right === (cell.verdict === "correct"));
  }
  const figure = rj.readingsRecapFigure({ weights: net.wRec, sigmaPrime: s });
  return { figure, claims: ["each cell's value, and which cells agree with central differences"] };
}

/**
 * The handout's four readings: what the correct Jacobian and eq. (5)'s Wᵀ diag(σ′), each read in
 * numerator and in denominator layout, claim ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾ is, all drawn at row j, column k.
 * The correct Jacobian claims the same values in both layouts (checked), so one panel shows both
 * of its readings and the three panels fit one row, legible on a printed page.
 */
function fourReadings() {
  const n = 3;
  const net = rj.randomRNN({ n, seed: 5, activation: "tanh" });
  const x = rj.randomState(n, 6);
  const truth = ownJacobian((state) => ownStep(net, state, [0]), x);
  const s = x.map((v) => 1 - Math.tanh(v) ** 2);
  const transpose = (m) => m[0].map((_, c) => m.map((row) => row[c]));
  // A layout's matrix M holds ∂x_j/∂x_k at (j, k) (numerator) or at (k, j) (denominator).
  const claimed = {
    correctNumerator: rj.stepJacobian(net, x, "numerator"),
    correctDenominator: transpose(rj.stepJacobian(net, x, "denominator")),
    paperNumerator: rj.stepJacobian(net, x, "paper"),
    paperDenominator: transpose(rj.stepJacobian(net, x, "paper")),
  };
  const scale = maxAbs(truth);
  for (const name of ["correctNumerator", "correctDenominator"]) {
    const gap = maxAbsDifference(claimed[name], truth) / scale;
    claim(`${name} = central differences of eq. (2)`, gap < 1e-8, `${gap}`);
  }
  claim(
    "the correct Jacobian claims the same values in both layouts",
    maxAbsDifference(claimed.correctNumerator, claimed.correctDenominator) < 1e-12,
  );
  const wrongEdge = truth.map((row, j) => row.map((_, k) => net.wRec[k][j] * s[k]));
  const wrongNeuron = truth.map((row, j) => row.map((_, k) => net.wRec[j][k] * s[j]));
  const [edgeGap, neuronGap] = [
    maxAbsDifference(claimed.paperNumerator, wrongEdge),
    maxAbsDifference(claimed.paperDenominator, wrongNeuron),
  ];
  claim("eq. (5), numerator layout, claims W_kj σ′(x_k)", edgeGap < 1e-12);
  claim("eq. (5), denominator layout, claims W_jk σ′(x_j)", neuronGap < 1e-12);
  for (const name of ["paperNumerator", "paperDenominator"]) {
    const gap = maxAbsDifference(claimed[name], truth);
    claim(`${name} differs from the Jacobian`, gap > 0.05 * scale);
  }
  const figure = rj.heatmapGridFigure({
    title: "What each reading claims ∂xⱼ⁽ⁱ⁾/∂xₖ⁽ⁱ⁻¹⁾ is, at row j, column k",
    range: rj.symmetricRange(...Object.values(claimed)),
    zTitle: "claimed value",
    ...rj.jacobianAxisLabels(n, "numerator"),
    panels: [
      { title: "correct, both layouts", matrix: claimed.correctNumerator },
      { title: "eq. (5), numerator", matrix: claimed.paperNumerator },
      { title: "eq. (5), denominator", matrix: claimed.paperDenominator },
    ],
  });
  return {
    figure,
    claims: [
      "both correct readings equal central differences of eq. (2), and each other",
      "eq. (5) claims W_kj σ′(x_k) (numerator) and W_jk σ′(x_j) (denominator), both wrong",
    ],
  };
}

/** A readout loss E = ½(v·σ(x⁽ᵀ⁾) − 1)² after a run, for the gradient figure. */
function lossProblem(n, T, seed) {
  const net = rj.randomRNN({ n, seed, inputSize: 2, activation: "tanh" });
  const readout = { v: rj.normalMatrix(rj.normalSource(seed + 3), 1, n, 1 / Math.sqrt(n)), c: [0] };
  return { net, u: rj.randomInputs(T, 2, seed + 1), x0: rj.randomState(n, seed + 2), readout };
}

function ownLoss(p, xt, t) {
  const xT = ownRun(p.net, xt, p.u.slice(t));
  const output = p.readout.v[0].reduce((sum, v, i) => sum + v * Math.tanh(xT[i]), 0);
  return 0.5 * (output - 1) ** 2;
}

/** Products over time: ‖P_printed − P‖_F / ‖P‖_F by lag, median and band over networks. */
function products() {
  const [n, T, draws] = [6, 20, 40];
  const lags = Array.from({ length: T }, (_, i) => i + 1);
  const byLag = lags.map(() => []);
  for (let d = 0; d < draws; d++) {
    const p = lossProblem(n, T, 300 + 1000 * d);
    const states = rj.forward(p.net, p.u, p.x0);
    const correct = rj.productsOverTime(p.net, states, "numerator");
    const printed = rj.productsOverTime(p.net, states, "paper");
    const p0 = (l, k) => p.net.wRec[k][l]; // (Wᵀ)_lk
    if (d === 0) {
      // The printed product: Wᵀ diag(σ′(x⁽ⁱ⁻¹⁾)) multiplied by a loop here, newest on the left.
      let product = states[0].map((_, j) => states[0].map((_, k) => (j === k ? 1 : 0)));
      for (let i = T; i > T - 4; i--) {
        const s = states[i - 1].map((v) => 1 - Math.tanh(v) ** 2);
        product = product.map((row) =>
          s.map((sk, k) => row.reduce((sum, p, l) => sum + p * p0(l, k) * sk, 0)),
        );
        const gap = maxAbsDifference(product, printed[i - 1]) / maxAbs(product);
        claim(`printed ∂x⁽ᵀ⁾/∂x⁽${i - 1}⁾ = ∏ Wᵀ diag(σ′) (loop)`, gap < 1e-12, `${gap}`);
      }
    }
    if (d < 3) {
      // The correct product against central differences of the unrolled run, lags 1 … 4.
      for (const lag of [1, 2, 3, 4]) {
        const t = T - lag;
        const measured = ownJacobian((x) => ownRun(p.net, x, p.u.slice(t)), states[t]);
        const gap = maxAbsDifference(correct[t], measured) / maxAbs(measured);
        claim(`∂x⁽ᵀ⁾/∂x⁽ᵀ⁻${lag}⁾ = central differences (network ${d})`, gap < 1e-6, `${gap}`);
      }
    }
    lags.forEach((lag, i) => {
      const t = T - lag;
      byLag[i].push(
        rj.frobeniusNorm(rj.compareMatrices(printed[t], correct[t]).difference) /
          rj.frobeniusNorm(correct[t]),
      );
    });
  }
  const sorted = byLag.map((values) => values.slice().sort((a, b) => a - b));
  const median = sorted.map((v) => percentile(v, 0.5));
  claim(
    "the median relative distance is above 0.3 at every lag",
    median.every((m) => m > 0.3),
  );
  const figure = rj.lineChartFigure({
    title: `‖printed − correct‖ / ‖correct‖ over ${draws} networks`,
    xTitle: "lag T − t (steps)",
    yTitle: "relative distance",
    series: [
      {
        name: `median, ${draws} networks`,
        meaning: "printed",
        x: lags,
        y: median,
        band: {
          name: "10th–90th percentile",
          lower: sorted.map((v) => percentile(v, 0.1)),
          upper: sorted.map((v) => percentile(v, 0.9)),
        },
      },
    ],
  });
  return {
    figure,
    claims: [
      "the correct products equal central differences of the unrolled run (lags 1–4)",
      "the printed products equal a loop's product of Wᵀ diag(σ′) (lags 1–4)",
      "the median relative distance exceeds 1 at every lag",
    ],
  };
}

/** Gradient directions: the cosine between the printed and the true ∂E/∂x⁽ᵗ⁾, by lag. */
function cosines() {
  const [n, T, draws] = [6, 20, 40];
  const lags = Array.from({ length: T }, (_, i) => i + 1);
  const byLag = lags.map(() => []);
  for (let d = 0; d < draws; d++) {
    const p = lossProblem(n, T, 91 + 1000 * d);
    const correct = rj.lossGradients(p.net, p.u, p.x0, p.readout, [1], "numerator");
    const printed = rj.lossGradients(p.net, p.u, p.x0, p.readout, [1], "paper");
    if (d < 2) {
      // The true error signals against central differences of this file's own loss, every t.
      for (let t = 0; t <= T; t++) {
        const measured = ownJacobian((x) => [ownLoss(p, x, t)], correct.states[t])[0];
        const { relative, absolute } = DIFFERENCE_TOLERANCE;
        const allowed = relative * rj.euclideanNorm(measured) + absolute * Math.sqrt(n);
        const gap = rj.euclideanNorm(measured.map((v, j) => v - correct.dEdx[t][j]));
        claim(
          `∂E/∂x⁽${t}⁾ = central differences of the loss (network ${d})`,
          gap <= allowed,
          `${gap}`,
        );
      }
      // The printed signals: the row ∂E/∂x⁽ᵀ⁾ times Wᵀ diag(σ′) step by step, by a loop here.
      let g = correct.dEdx[T];
      for (let t = T - 1; t >= 0; t--) {
        const s = correct.states[t].map((v) => 1 - Math.tanh(v) ** 2);
        g = s.map((sk, k) => g.reduce((sum, gj, j) => sum + gj * p.net.wRec[k][j] * sk, 0));
        const gap = maxAbsDifference([g], [printed.dEdx[t]]) / maxAbs([g]);
        claim(`printed ∂E/∂x⁽${t}⁾ = g · ∏ Wᵀ diag(σ′) (network ${d})`, gap < 1e-9, `${gap}`);
      }
    }
    const cos = rj.cosineSimilarities(printed.dEdx, correct.dEdx);
    lags.forEach((lag, i) => byLag[i].push(cos[T - lag] ?? NaN));
  }
  const sorted = byLag.map((values) => values.filter(Number.isFinite).sort((a, b) => a - b));
  const negative = byLag.flat().filter((c) => c < 0).length;
  claim("some printed signals point more than 90° away from the true one", negative > 0);
  claim(
    "the median cosine stays below 0.5 (60°) at every lag",
    sorted.every((v) => percentile(v, 0.5) < 0.5),
  );
  claim(
    "at every lag, the 10th percentile of the cosines is negative",
    sorted.every((v) => percentile(v, 0.1) < 0),
  );
  const figure = rj.lineChartFigure({
    title: `cos ∠(printed ∂E/∂x⁽ᵗ⁾, true ∂E/∂x⁽ᵗ⁾) over ${draws} networks`,
    xTitle: "lag T − t (steps)",
    yTitle: "cosine",
    yRange: [-1, 1],
    series: [
      {
        name: `median, ${draws} networks`,
        meaning: "printed",
        x: lags,
        y: sorted.map((v) => percentile(v, 0.5)),
        band: {
          name: "10th–90th percentile",
          lower: sorted.map((v) => percentile(v, 0.1)),
          upper: sorted.map((v) => percentile(v, 0.9)),
        },
      },
      { name: "0", meaning: "reference", x: [1, T], y: [0, 0] },
    ],
  });
  const share = Math.round((100 * negative) / (draws * T));
  return {
    figure,
    claims: [
      "the true ∂E/∂x⁽ᵗ⁾ equal central differences of the loss",
      `the printed signals equal the printed product applied to ∂E/∂x⁽ᵀ⁾; ${share}% of the cosines are negative`,
      "at every lag, more than one network in ten has a negative cosine; the median is below 0.5",
    ],
  };
}

/** Every figure the deck can name with `@figure <name>`. */
export const FIGURES = { warmup, network, numerator, readings, products, cosines, fourReadings };

/** Builds and checks one figure; throws for an unknown name or a failed claim. */
export function buildFigure(name) {
  const make = FIGURES[name];
  if (!make) {
    throw new Error(`unknown figure "${name}"; known: ${Object.keys(FIGURES).join(", ")}`);
  }
  return make();
}
