/**
 * The explorable page: one state, the controls that change it, and the views redrawn from it on
 * every change, each within the same animation frame. Every part of an update is timed with
 * performance.mark/measure ("update", "derive", "view:…", "autodiff:…"), which the benchmark
 * (npm run bench:explore) reads.
 */
import * as tf from "@tensorflow/tfjs";
import { checkForward, checkProducts, checkStep } from "./model/autodiffCheck";
import { Derived, derive } from "./model/derived";
import {
  ExploreState,
  seededState,
  stateFromHash,
  stateToHash,
  symmetrized,
  withSize,
} from "./model/state";
import { createConditionsView } from "./views/conditions";
import { Controls, createControls } from "./views/controls";
import { el } from "./views/dom";
import { createEntryView } from "./views/entryFormula";
import { createProductsView } from "./views/products";
import { createReadingsView } from "./views/readings";
import { createUnrolledView } from "./views/unrolled";

/** How long the changes must pause before the autodiff check runs (ms). */
export const CHECK_DELAY_MS = 150;

/** Times `f` as the measure `name` (and returns its result). */
export function timed<T>(name: string, f: () => T): T {
  performance.mark(`${name}:start`);
  try {
    return f();
  } finally {
    performance.measure(name, `${name}:start`);
  }
}

export function startExplorer(root: HTMLElement, status: HTMLElement): void {
  const loaded = stateFromHash(location.hash);
  let state: ExploreState = loaded.state;
  if (loaded.problems.length > 0) {
    status.textContent = `Some of the link was ignored: ${loaded.problems.join("; ")}.`;
  }
  let derived: Derived | undefined;
  let controls: Controls;
  let views: ReturnType<typeof buildViews>;
  let pending = 0;

  const change = (next: Partial<ExploreState>, rebuild = false) => {
    state = { ...state, ...next };
    if (rebuild) build();
    else schedule();
  };
  const actions = {
    setSize: (n: number) => {
      if (Number.isInteger(n) && n >= 2 && n <= 8 && n !== state.n) {
        state = withSize(state, n);
        build();
      }
    },
    setActivation: (activation: ExploreState["activation"]) => change({ activation }),
    setSteps: (steps: number) => {
      if (!Number.isInteger(steps) || steps < 1 || steps > 50) return;
      change({ steps, step: Math.min(state.step, steps) }, state.step > steps);
    },
    setStep: (step: number) => change({ step }, true),
    setWeight: (j: number, k: number, value: number) => {
      const w = state.w.map((row) => [...row]);
      w[j][k] = value;
      change({ w, hover: { j, k } });
    },
    setStart: (k: number, value: number) => {
      const x0 = [...state.x0];
      x0[k] = value;
      change({ x0 });
    },
    setHover: (j: number, k: number) => {
      if (state.hover.j !== j || state.hover.k !== k) change({ hover: { j, k } });
    },
    reseed: (seed: number) => {
      if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) return;
      state = seededState(state.n, seed, state.activation, state.steps);
      build();
    },
    makeSymmetric: () => change({ w: symmetrized(state.w) }),
    makeLinear: () => change({ activation: "linear" }),
  };

  function buildViews() {
    const onHover = (j: number, k: number) => actions.setHover(j, k);
    return {
      readings: createReadingsView(state.n, state.step, onHover),
      entry: createEntryView(),
      network: createUnrolledView(state.n, state.step),
      products: createProductsView(),
      conditions: createConditionsView(actions),
    };
  }

  function build() {
    controls = createControls(state, actions);
    views = buildViews();
    root.replaceChildren(
      el("div", { class: "explorer" }, [
        controls.element,
        el("div", { class: "views" }, [
          views.readings.element,
          el("div", { class: "views-row" }, [views.entry.element, views.conditions.element]),
          el("div", { class: "views-row" }, [views.network.element, views.products.element]),
        ]),
      ]),
    );
    update();
  }

  function schedule() {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      update();
    });
  }

  /**
   * The synchronous part of an update: the float64 core and every view, within the frame. The
   * autodiff check of the same state follows in its own task (`check`), so that dragging a
   * slider never waits for tfjs; until it lands the badges are marked as checking the new state
   * (and the address, which holds the state, is updated with it).
   */
  function update() {
    const current = state;
    const hash = stateToHash(current);
    timed("update", () => {
      root.dataset.state = JSON.stringify(current);
      try {
        derived = timed("derive", () => derive(current));
      } catch (error) {
        status.dataset.kind = "error";
        status.textContent = `This network cannot be run: ${(error as Error).message}`;
        root.dataset.error = (error as Error).message;
        derived = undefined;
        return;
      }
      delete root.dataset.error;
      if (status.dataset.kind === "error") {
        status.textContent = "";
        delete status.dataset.kind;
      }
      const d = derived;
      timed("controls", () => controls.sync(current));
      timed("view:readings", () => views.readings.draw(d, current.hover));
      timed("view:entry", () => views.entry.draw(d, current.step, current.hover, undefined));
      timed("view:network", () => views.network.draw(d, current.step, current.hover));
      timed("view:products", () => views.products.draw(d.products));
      timed("view:conditions", () => views.conditions.draw(d));
      timed("badges", () => badges().forEach((badge) => badge.stale()));
    });
    root.dataset.drawn = hash;
    root.dispatchEvent(new CustomEvent("explore:updated"));
    if (derived) scheduleCheck(current, derived, hash);
  }

  const badges = () => [
    views.readings.badge,
    views.entry.badge,
    views.network.badge,
    views.products.badge,
    views.conditions.badge,
  ];

  let checkTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Runs the autodiff check of the latest drawn state when the changes pause for CHECK_DELAY_MS:
   * tfjs's backward pass through T = 50 steps takes longer than a frame on the cpu backend, and
   * running it after every slider move would halve the frame rate of a drag.
   */
  function scheduleCheck(current: ExploreState, d: Derived, hash: string) {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => check(current, d, hash), CHECK_DELAY_MS);
  }

  function check(current: ExploreState, d: Derived, hash: string) {
    timed("check", () => {
      const step = timed("autodiff:step", () => checkStep(d, current.step));
      const products = timed("autodiff:products", () => checkProducts(d));
      const forwardAgreement = timed("autodiff:forward", () => checkForward(d));
      views.readings.drawAutodiff(step.jacobian, current.hover);
      views.readings.badge.show(step.agreement);
      views.conditions.badge.show(step.agreement);
      const entry = views.entry.draw(d, current.step, current.hover, step.jacobian);
      views.entry.badge.show(entry ?? step.agreement);
      views.network.badge.show(forwardAgreement);
      views.products.badge.show(products.agreement);
    });
    // The oracle frees its tensors; the count stays flat however many checks run (tested).
    root.dataset.tensors = String(tf.memory().numTensors);
    // The address follows the state when the changes pause: Chromium's replaceState costs
    // milliseconds, too much for every frame of a drag.
    if (location.hash !== hash) history.replaceState(null, "", hash);
    root.dataset.checked = hash;
    root.dispatchEvent(new CustomEvent("explore:checked"));
  }

  window.addEventListener("hashchange", () => {
    if (location.hash === stateToHash(state)) return;
    const next = stateFromHash(location.hash);
    state = next.state;
    build();
  });
  build();
}
