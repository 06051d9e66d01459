import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ACTIVATION_NAMES } from "../../src/core/activations";
import { getActivation } from "../../src/checked/network";
import {
  autodiffJacobianOverTime,
  autodiffJacobiansToAllStepsTensor,
  autodiffStepJacobian,
} from "../../src/oracle/autodiff";
import { autodiffLossGradients } from "../../src/consequences/backprop";
import { omegaGradient } from "../../src/consequences/regularizer";
import { useBackend } from "../../src/oracle/backend";
import { main } from "../../src/tools/cli";
import { JACOBIAN_FORMS } from "../../src/core/forms";
import { jacobianForm, sigmaPrimeAt, stepJacobian } from "../../src/checked/jacobians";
import { forward, randomInputs, randomRNN, randomState } from "../../src/checked/network";
import { verify } from "../../src/tools/verify";
import { fastSuffixProducts, productsOverTime, suffixProductNorms } from "../../src/fast/products";

/** Runs `call` three times and checks tfjs holds exactly as many tensors as before. */
function assertNoLeak(what: string, call: () => unknown): void {
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    try {
      call();
    } catch {
      // Failing calls must not leak either; what they throw is tested elsewhere.
    }
  }
  assert.equal(tf.memory().numTensors, before, `${what} leaked tensors`);
}

/** For functions that return a tensor: exactly that one tensor survives, and disposing it clears. */
function assertOnlyResult(what: string, call: () => tf.Tensor): void {
  const before = tf.memory().numTensors;
  const result = call();
  assert.equal(tf.memory().numTensors, before + 1, `${what} kept more than its result`);
  result.dispose();
  assert.equal(tf.memory().numTensors, before, `${what} leaked tensors`);
}

describe("no public call leaks tfjs tensors", () => {
  before(async () => {
    await useBackend("wasm");
  });

  for (const activation of ACTIVATION_NAMES) {
    it(`${activation}: forward, the forms, products and autodiff`, () => {
      const rnn = randomRNN({ n: 3, seed: 1, activation });
      const u = randomInputs(4, 1, 2);
      const x0 = randomState(3, 3);
      const states = forward(rnn, u, x0);
      const s = sigmaPrimeAt(rnn, states[1]);
      assertNoLeak("forward", () => forward(rnn, u, x0));
      assertNoLeak("sigmaPrimeAt", () => sigmaPrimeAt(rnn, states[1]));
      const slopes = states.slice(0, 4).map((x) => x.map(getActivation(activation).derivative));
      for (const form of JACOBIAN_FORMS) {
        assertNoLeak(`fastSuffixProducts ${form}`, () =>
          fastSuffixProducts(rnn.wRec, slopes, form),
        );
        assertNoLeak(`jacobianForm ${form}`, () => jacobianForm(rnn.wRec, s, form));
        assertNoLeak(`stepJacobian ${form}`, () => stepJacobian(rnn, states[1], form));
        assertNoLeak(`productsOverTime ${form}`, () => productsOverTime(rnn, states, form));
        assertNoLeak(`productsOverTime ${form}, t`, () => productsOverTime(rnn, states, form, 2));
        assertNoLeak(`suffixProductNorms ${form}`, () => suffixProductNorms(rnn, states, form));
      }
      assertNoLeak("autodiffStepJacobian", () => autodiffStepJacobian(rnn, states[2]));
      for (const [k, t] of [
        [0, 4],
        [2, 3],
      ]) {
        assertNoLeak(`autodiffJacobianOverTime ${k} ${t}`, () =>
          autodiffJacobianOverTime(rnn, u, x0, k, t),
        );
      }
    });
  }

  it("the tensor-returning function keeps only its result; the autodiff losses nothing", () => {
    for (const activation of ACTIVATION_NAMES) {
      const rnn = randomRNN({ n: 3, seed: 4, activation });
      const u = randomInputs(4, 1, 5);
      const x0 = randomState(3, 6);
      assertOnlyResult(`${activation} autodiffJacobiansToAllStepsTensor`, () =>
        autodiffJacobiansToAllStepsTensor(rnn, u, x0),
      );
      const readout = { v: [[1, -1, 0.5]], c: [0] };
      assertNoLeak(`${activation} autodiffLossGradients`, () =>
        autodiffLossGradients(rnn, u, x0, readout, [0.3]),
      );
      const states = forward(rnn, u, x0);
      const dEdx = states.map((x) => x.map((value) => value + 1));
      assertNoLeak(`${activation} omegaGradient`, () => omegaGradient(rnn, states, dEdx, "paper"));
    }
  });

  it("calls that throw on bad input leak nothing", () => {
    const rnn = randomRNN({ n: 2, seed: 0 });
    const u = randomInputs(3, 1, 1);
    assertNoLeak("forward, bad x0", () => forward(rnn, u, [1]));
    assertNoLeak("autodiffJacobianOverTime, k ≥ t", () =>
      autodiffJacobianOverTime(rnn, u, [0, 0], 2, 2),
    );
    assertNoLeak("autodiffStepJacobian, NaN", () => autodiffStepJacobian(rnn, [NaN, 0]));
    assertNoLeak("fastSuffixProducts, overflow", () =>
      fastSuffixProducts([[1e30]], [[1], [1], [1]], "paper"),
    );
  });

  it("verify and the command line leak nothing", async () => {
    assertNoLeak("verify", () => verify({ n: 3, steps: 3, activation: "relu", seed: 2 }));
    const before = tf.memory().numTensors;
    const quiet = { out: async () => undefined, err: () => undefined };
    assert.equal(await main(["verify", "--n", "2", "--steps", "2"], quiet), 0);
    assert.equal(await main(["verify", "--json", "--symmetric"], quiet), 0);
    assert.equal(tf.memory().numTensors, before, "main leaked tensors");
  });
});
