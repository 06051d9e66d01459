/**
 * The explorable page: one state, the controls that change it, and the views redrawn from it on
 * every change, each within the same animation frame. Every part of an update is timed with
 * performance.mark/measure ("update", "derive", "view:…", "autodiff:…"), which the benchmark
 * (npm run bench:explore) reads.
 */
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

  function update() {
    timed("update", () => {
      const current = state;
      const hash = stateToHash(current);
      if (location.hash !== hash) history.replaceState(null, "", hash);
      root.dataset.state = JSON.stringify(current);
      try {
        derived = timed("derive", () => derive(current));
      } catch (error) {
        status.textContent = `This network cannot be run: ${(error as Error).message}`;
        root.dataset.error = (error as Error).message;
        return;
      }
      delete root.dataset.error;
      if (status.dataset.kind === "error") status.textContent = "";
      const d = derived;
      controls.sync(current);
      const step = timed("autodiff:step", () => checkStep(d, current.step));
      const products = timed("autodiff:products", () => checkProducts(d));
      const forwardAgreement = timed("autodiff:forward", () => checkForward(d));
      timed("view:readings", () => {
        views.readings.draw(d, step.jacobian, current.hover);
        views.readings.badge.show(step.agreement);
      });
      timed("view:entry", () => {
        const agreement = views.entry.draw(
          d,
          current.step,
          current.hover,
          step.jacobian,
          step.agreement.tolerance,
        );
        views.entry.badge.show(agreement ?? step.agreement);
      });
      timed("view:network", () => {
        views.network.draw(d, current.step, current.hover);
        views.network.badge.show(forwardAgreement);
      });
      timed("view:products", () => {
        views.products.draw(d.products);
        views.products.badge.show(products.agreement);
      });
      timed("view:conditions", () => views.conditions.draw(d));
    });
    root.dispatchEvent(new CustomEvent("explore:updated"));
  }

  window.addEventListener("hashchange", () => {
    if (location.hash === stateToHash(state)) return;
    const next = stateFromHash(location.hash);
    state = next.state;
    build();
  });
  build();
}
