/**
 * Figures built the way the notebooks build them, from real networks (float64 reference code,
 * no tfjs): the lint and the projector screenshots check these without running Jupyter.
 */
// Through the package's index, so the samples use the public API whatever module holds it.
import {
  Figure,
  READINGS,
  READING_INFO,
  compareMatrices,
  forward,
  formEntriesText,
  frobeniusNorm,
  getActivation,
  heatmapGridFigure,
  jacobianForm,
  jacobianAxisLabels,
  linePanelsFigure,
  networkDiagramFigure,
  partialLabel,
  productBoundLog10,
  productsOverTime,
  randomInputs,
  randomRNN,
  randomState,
  readingsRecapFigure,
  sliderHeatmapFigure,
  spectralNorm,
  symmetricRange,
  transposeMatrix,
  withLambdaOne,
} from "../../src";

/** The q-quantile over runs at each x, `runs[r][i]` being run r at x[i] (linear interpolation). */
function quantile(runs: number[][], q: number): number[] {
  return runs[0].map((_, i) => {
    const sorted = runs.map((run) => run[i]).sort((a, b) => a - b);
    const at = q * (sorted.length - 1);
    const [below, above] = [Math.floor(at), Math.min(sorted.length - 1, Math.floor(at) + 1)];
    return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
  });
}

function comparisonFigures(): Figure[] {
  const n = 4;
  const net = randomRNN({ n, seed: 31 });
  const x = randomState(n, 32);
  const s = x.map(getActivation(net.activation).derivative);
  const correct = jacobianForm(net.wRec, s, "numerator");
  const printed = jacobianForm(net.wRec, s, "paper");
  const correctDen = jacobianForm(net.wRec, s, "denominator");
  const diffNum = compareMatrices(printed, correct).difference;
  const diffDen = compareMatrices(printed, correctDen).difference;
  const range = symmetricRange(correct, printed, correctDen, diffNum, diffDen);
  const zTitle = "∂x_j/∂x_k";
  return [
    heatmapGridFigure({
      id: "sample-04-numerator",
      title:
        "Numerator layout, 4 neurons: correct W diag(σ′), printed Wᵀ diag(σ′), printed − correct",
      range,
      zTitle,
      panels: [
        { title: "correct W diag(σ′)", matrix: correct, hover: formEntriesText(n, "numerator") },
        {
          title: "printed Wᵀ diag(σ′)",
          matrix: printed,
          hover: formEntriesText(n, "paperNumerator"),
        },
        { title: "printed − correct", matrix: diffNum, difference: true },
      ],
    }),
    heatmapGridFigure({
      id: "sample-05-denominator",
      title:
        "Denominator layout, 4 neurons: correct diag(σ′) Wᵀ, printed Wᵀ diag(σ′), printed − correct",
      range,
      zTitle,
      ...jacobianAxisLabels(n, "denominator"),
      panels: [
        { title: "correct diag(σ′) Wᵀ", matrix: correctDen },
        { title: "printed Wᵀ diag(σ′)", matrix: printed },
        { title: "printed − correct", matrix: diffDen, difference: true },
      ],
    }),
  ];
}

function readingsFigure(): Figure {
  const n = 8;
  const net = randomRNN({ n, seed: 61 });
  const x = randomState(n, 62);
  const s = x.map(getActivation(net.activation).derivative);
  const truth = jacobianForm(net.wRec, s, "numerator");
  return heatmapGridFigure({
    id: "sample-06-readings",
    title: "8 neurons, tanh: each reading minus the true Jacobian (in the layout it claims)",
    zTitle: "reading − truth",
    panels: READINGS.map((reading) => {
      const info = READING_INFO[reading];
      const target = info.layout === "numerator" ? truth : transposeMatrix(truth);
      return {
        title: info.title,
        matrix: compareMatrices(jacobianForm(net.wRec, s, info.form), target).difference,
        difference: true,
        ...jacobianAxisLabels(n, info.layout),
      };
    }),
  });
}

function productFigures(): Figure[] {
  const n = 4;
  const T = 8;
  const net = randomRNN({ n, seed: 71 });
  const states = forward(net, randomInputs(T, net.m, 72), randomState(n, 73));
  const correct = productsOverTime(net, states, "numerator");
  const printed = productsOverTime(net, states, "paper");
  const frames = Array.from({ length: T }, (_, i) => {
    const lag = i + 1;
    return {
      label: String(lag),
      matrix: compareMatrices(printed[T - lag], correct[T - lag]).difference,
    };
  });
  const slider = sliderHeatmapFigure({
    id: "sample-07-slider",
    title: `Printed − correct ∂x⁽${T}⁾/∂x⁽ᵗ⁾, 4 neurons, tanh`,
    frames,
    sliderPrefix: "T − t = ",
    rowLabels: (j) => partialLabel(j + 1, String(T)),
    colLabels: (k) => partialLabel(k + 1, "t"),
    yTitle: `output neuron j (step ${T})`,
    xTitle: "input neuron k (step t)",
    zTitle: "printed − correct",
  });
  // Relative error over the lag, over 30 seeds.
  const lags = Array.from({ length: T }, (_, i) => i + 1);
  const runs = Array.from({ length: 30 }, (_, seed) => {
    const r = randomRNN({ n, seed: 1000 + seed });
    const st = forward(r, randomInputs(T, r.m, 2000 + seed), randomState(n, 3000 + seed));
    const c = productsOverTime(r, st, "numerator");
    const p = productsOverTime(r, st, "paper");
    return lags.map(
      (d) =>
        frobeniusNorm(compareMatrices(p[T - d], c[T - d]).difference) / frobeniusNorm(c[T - d]),
    );
  });
  const band = {
    median: quantile(runs, 0.5),
    lower: quantile(runs, 0.1),
    upper: quantile(runs, 0.9),
  };
  const top = Math.max(2, Math.ceil(Math.max(...band.upper)));
  const bandChart = linePanelsFigure({
    id: "sample-07-band",
    title: "Relative error of the printed product over the lag, 30 random networks",
    xTitle: "lag T − t",
    panels: [
      {
        yTitle: "‖P_printed − P‖_F / ‖P‖_F",
        yRange: [0, top],
        series: [
          {
            name: "printed: median over 30 networks",
            x: lags,
            y: band.median,
            band: { lower: band.lower, upper: band.upper, name: "10th–90th percentile" },
          },
        ],
      },
    ],
  });
  return [slider, bandChart];
}

function boundFigure(): Figure {
  const T = 60;
  const panels = [];
  for (const activation of ["tanh", "sigmoid"] as const) {
    const gamma = getActivation(activation).gamma;
    for (const [regime, factor] of [
      ["λ₁γ = 0.8 (below 1)", 0.8],
      ["λ₁γ = 2 (above 1)", 2],
    ] as const) {
      const net = withLambdaOne(randomRNN({ n: 8, seed: 82, activation }), factor / gamma);
      const states = forward(net, randomInputs(T, net.m, 83), randomState(8, 84));
      const lags = Array.from({ length: T }, (_, i) => i + 1);
      const norms = (form: "numerator" | "paper") => {
        const p = productsOverTime(net, states, form);
        return lags.map((d) => spectralNorm(p[T - d]));
      };
      panels.push({
        title: `${activation}, ${regime}`,
        yTitle: "‖∂x⁽ᵀ⁾/∂x⁽ᵗ⁾‖₂",
        logY: true,
        series: [
          { name: "correct W diag(σ′)", x: lags, y: norms("numerator") },
          { name: "printed Wᵀ diag(σ′)", x: lags, y: norms("paper") },
          {
            name: "bound (λ₁γ)^(T−t)",
            x: lags,
            y: productBoundLog10(net.wRec, gamma, lags).map((v) => 10 ** v),
          },
        ],
      });
    }
  }
  return linePanelsFigure({
    id: "sample-08-bounds",
    title: "‖∂x⁽ᵀ⁾/∂x⁽ᵗ⁾‖₂ of both forms against the bound (λ₁γ)^(T−t), 8 neurons",
    xTitle: "lag T − t",
    columns: 2,
    panels,
  });
}

function gradientFigure(): Figure {
  const n = 6;
  const T = 20;
  const net = randomRNN({ n, seed: 91 });
  const states = forward(net, randomInputs(T, net.m, 92), randomState(n, 93));
  const correct = productsOverTime(net, states, "numerator");
  const printed = productsOverTime(net, states, "paper");
  const g = Array.from({ length: n }, (_, j) => (j % 2 === 0 ? 1 : -0.5));
  const times = (m: number[][]) =>
    m[0].map((_, c) => g.reduce((sum, gj, r) => sum + gj * m[r][c], 0));
  const lags = Array.from({ length: T }, (_, i) => i + 1);
  const pairs = lags.map((d) => [times(printed[T - d]), times(correct[T - d])]);
  const norm = (v: number[]) => Math.hypot(...v);
  const cosine = pairs.map(
    ([a, b]) => a.reduce((s, v, i) => s + v * b[i], 0) / (norm(a) * norm(b)),
  );
  const ratio = pairs.map(([a, b]) => norm(a) / norm(b));
  return linePanelsFigure({
    id: "sample-09-gradients",
    title: "Printed against correct ∂E/∂x⁽ᵗ⁾: direction and size",
    xTitle: "lag T − t",
    columns: 1,
    note: "A cosine below 0 means the printed chain's signal points against the true one.",
    panels: [
      {
        title: "direction",
        yTitle: "cosine similarity",
        yRange: [-1, 1],
        series: [{ name: "cos(printed, correct)", x: lags, y: cosine, meaning: "printed" }],
      },
      {
        title: "size",
        yTitle: "‖printed‖ / ‖correct‖",
        logY: true,
        series: [{ name: "‖printed‖ / ‖correct‖", x: lags, y: ratio, meaning: "printed" }],
      },
    ],
  });
}

function networkFigures(): Figure[] {
  const net = randomRNN({ n: 2, seed: 3 });
  return [
    networkDiagramFigure({
      id: "sample-05-network",
      n: 2,
      weights: net.wRec,
      title:
        "∂x₁⁽²⁾/∂x₂⁽¹⁾ read in denominator layout: W₁₂ σ′(x₁⁽¹⁾), the slope of the wrong neuron",
      highlight: [
        {
          from: 1,
          to: 0,
          meaning: "printed",
          sigmaOf: 0,
          label: "printed, read in denominator layout: W₁₂ σ′(x₁⁽¹⁾)",
        },
        { from: 1, to: 0, meaning: "correct", sigmaOf: 1, label: "correct: W₁₂ σ′(x₂⁽¹⁾)" },
      ],
    }),
    networkDiagramFigure({
      id: "sample-large-network",
      n: 12,
      title: "12 neurons: the edge from neuron 2 to neuron 1",
      highlight: [
        { from: 1, to: 0, meaning: "correct", sigmaOf: 1, label: "∂x₁⁽²⁾/∂x₂⁽¹⁾ = W₁₂ σ′(x₂⁽¹⁾)" },
      ],
    }),
  ];
}

/** Every sample figure, named for the notebook it stands in for. */
export function sampleFigures(): Figure[] {
  return [
    ...comparisonFigures(),
    readingsFigure(),
    ...productFigures(),
    boundFigure(),
    gradientFigure(),
    ...networkFigures(),
    readingsRecapFigure({ id: "sample-recap" }),
  ];
}
