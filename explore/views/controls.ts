/**
 * The network you can touch: n, σ, T, the step i, the seed, x⁽⁰⁾ and a matrix editor for W, all
 * labelled form controls (keyboard: Tab to an entry, arrow keys step it by 0.01). One slider
 * follows the W entry that has focus or was hovered, so any entry can be dragged too.
 */
import { ACTIVATION_NAMES, ActivationName } from "../../src/core/activations";
import { ExploreState, N_RANGE, STATE_RANGE, T_RANGE, WEIGHT_RANGE } from "../model/state";
import { el, sub } from "./dom";

export interface ControlActions {
  setSize(n: number): void;
  setActivation(name: ActivationName): void;
  setSteps(steps: number): void;
  setStep(step: number): void;
  setWeight(j: number, k: number, value: number): void;
  setStart(k: number, value: number): void;
  setHover(j: number, k: number): void;
  reseed(seed: number): void;
}

export interface Controls {
  element: HTMLElement;
  /** Bring every control's value in line with the state (after a change from elsewhere). */
  sync(state: ExploreState): void;
}

const numberInput = (attributes: Record<string, string>) =>
  el("input", { type: "number", inputmode: "decimal", ...attributes });

function labelled(text: string, control: HTMLElement, id: string): HTMLElement {
  control.id = id;
  return el("div", { class: "field" }, [el("label", { for: id }, [text]), control]);
}

const weightLabel = (j: number, k: number) =>
  `W${sub(j + 1)}${sub(k + 1)}, the weight of the edge from neuron ${k + 1} into neuron ${j + 1}`;

export function createControls(state: ExploreState, actions: ControlActions): Controls {
  const { n } = state;
  const size = numberInput({ min: String(N_RANGE.min), max: String(N_RANGE.max), step: "1" });
  size.addEventListener("change", () => actions.setSize(Number(size.value)));
  const activation = el(
    "select",
    {},
    ACTIVATION_NAMES.map((name) => el("option", { value: name }, [name])),
  );
  activation.addEventListener("change", () =>
    actions.setActivation(activation.value as ActivationName),
  );
  const steps = numberInput({ min: String(T_RANGE.min), max: String(T_RANGE.max), step: "1" });
  steps.addEventListener("change", () => actions.setSteps(Number(steps.value)));
  const step = el("input", { type: "range", min: "1", step: "1" });
  const stepOutput = el("output", { for: "control-step" });
  step.addEventListener("input", () => actions.setStep(Number(step.value)));
  const seed = numberInput({ min: "0", max: String(2 ** 32 - 1), step: "1" });
  seed.addEventListener("change", () => actions.reseed(Number(seed.value)));
  const nextSeed = el("button", { type: "button", id: "next-seed" }, ["new random network"]);
  nextSeed.addEventListener("click", () => actions.reseed((Number(seed.value) + 1) >>> 0));

  const startInputs = Array.from({ length: n }, (_, k) => {
    const input = numberInput({
      min: String(STATE_RANGE.min),
      max: String(STATE_RANGE.max),
      step: String(STATE_RANGE.step),
      id: `x0-${k + 1}`,
      "aria-label": `x${sub(k + 1)}⁽⁰⁾, the initial state of neuron ${k + 1}`,
    });
    input.addEventListener("input", () => {
      if (input.value !== "" && Number.isFinite(Number(input.value)))
        actions.setStart(k, Number(input.value));
    });
    return input;
  });

  const weightInputs: HTMLInputElement[][] = [];
  const editor = el("div", {
    class: "w-editor",
    role: "group",
    "aria-label": `W, ${n}×${n}: row j = into neuron j, column k = from neuron k`,
    style: `grid-template-columns: 2ch repeat(${n}, minmax(0, 1fr))`,
  });
  editor.append(el("span", { class: "w-corner", "aria-hidden": "true" }, ["j\\k"]));
  for (let k = 0; k < n; k++)
    editor.append(el("span", { class: "w-head", "aria-hidden": "true" }, [String(k + 1)]));
  const slider = el("input", {
    type: "range",
    min: String(WEIGHT_RANGE.min),
    max: String(WEIGHT_RANGE.max),
    step: String(WEIGHT_RANGE.step),
    id: "w-slider",
  });
  const sliderLabel = el("label", { for: "w-slider", id: "w-slider-label" });
  let selected = { j: state.hover.j, k: state.hover.k };
  const select = (j: number, k: number) => {
    selected = { j, k };
    sliderLabel.textContent = `drag W${sub(j + 1)}${sub(k + 1)}`;
    slider.setAttribute("aria-label", `slider for ${weightLabel(j, k)}`);
    slider.value = weightInputs[j][k].value;
  };
  for (let j = 0; j < n; j++) {
    editor.append(el("span", { class: "w-head", "aria-hidden": "true" }, [String(j + 1)]));
    const row: HTMLInputElement[] = [];
    for (let k = 0; k < n; k++) {
      const input = numberInput({
        min: String(WEIGHT_RANGE.min),
        max: String(WEIGHT_RANGE.max),
        step: String(WEIGHT_RANGE.step),
        id: `w-${j + 1}-${k + 1}`,
        "aria-label": weightLabel(j, k),
        class: "w-entry",
      });
      input.addEventListener("input", () => {
        if (input.value === "" || !Number.isFinite(Number(input.value))) return;
        actions.setWeight(j, k, Number(input.value));
        if (selected.j === j && selected.k === k) slider.value = input.value;
      });
      input.addEventListener("focus", () => {
        select(j, k);
        actions.setHover(j, k);
      });
      input.addEventListener("mouseenter", () => actions.setHover(j, k));
      editor.append(input);
      row.push(input);
    }
    weightInputs.push(row);
  }
  slider.addEventListener("input", () => {
    const { j, k } = selected;
    weightInputs[j][k].value = slider.value;
    actions.setWeight(j, k, Number(slider.value));
  });

  const element = el("section", { class: "controls", "aria-labelledby": "h-controls" }, [
    el("h2", { id: "h-controls" }, ["The network"]),
    el("p", { class: "view-note" }, [
      "x⁽ᵗ⁾ = W σ(x⁽ᵗ⁻¹⁾) + Wᵢₙ u⁽ᵗ⁾ + b, eq. (2). Wᵢₙ, b and the inputs u come from the seed.",
    ]),
    el("div", { class: "settings" }, [
      el("div", { class: "field-row" }, [
        labelled("neurons n", size, "control-n"),
        labelled("σ", activation, "control-activation"),
        labelled("steps T", steps, "control-steps"),
      ]),
      el("div", { class: "field-row" }, [
        el("div", { class: "field grow" }, [
          el("label", { for: "control-step" }, ["step i of ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾: ", stepOutput]),
          Object.assign(step, { id: "control-step" }),
        ]),
      ]),
      el("div", { class: "field-row" }, [labelled("seed", seed, "control-seed"), nextSeed]),
    ]),
    el("div", { class: "matrix" }, [
      el("h3", {}, ["W (row j: into neuron j; column k: from neuron k)"]),
      editor,
      el("div", { class: "field slider-field" }, [sliderLabel, slider]),
      el("h3", {}, ["x⁽⁰⁾"]),
      el(
        "div",
        { class: "x0-editor", style: `grid-template-columns: repeat(${n}, minmax(0, 1fr))` },
        startInputs,
      ),
    ]),
  ]);

  const setIfIdle = (input: HTMLInputElement | HTMLSelectElement, value: string) => {
    // Never rewrite the control being typed in: it would move the caret.
    if (document.activeElement !== input && input.value !== value) input.value = value;
  };
  const controls: Controls = {
    element,
    sync(s) {
      setIfIdle(size, String(s.n));
      setIfIdle(activation, s.activation);
      setIfIdle(steps, String(s.steps));
      step.max = String(s.steps);
      setIfIdle(step, String(s.step));
      stepOutput.textContent = String(s.step);
      setIfIdle(seed, String(s.seed));
      s.w.forEach((row, j) => row.forEach((v, k) => setIfIdle(weightInputs[j][k], String(v))));
      s.x0.forEach((v, k) => setIfIdle(startInputs[k], String(v)));
      if (document.activeElement !== slider) slider.value = String(s.w[selected.j][selected.k]);
    },
  };
  controls.sync(state);
  select(selected.j, selected.k);
  return controls;
}
