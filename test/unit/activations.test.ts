import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ACTIVATION_NAMES } from "../../src/core/activations";
import { getActivation } from "../../src/checked/network";
import { useBackend } from "../../src/oracle/backend";

// Sample points on both sides of 0 but not at 0 itself, where relu has its kink.
const POINTS = [-6, -2.5, -1, -0.3, -0.01, 0.01, 0.2, 0.7, 1.5, 3, 6];

describe("activations: σ, σ′ and γ", () => {
  before(async () => {
    await useBackend("wasm");
  });

  for (const name of ACTIVATION_NAMES) {
    it(`${name}: σ′ is the derivative of σ (central differences, away from any kink)`, () => {
      const act = getActivation(name);
      const h = 1e-6;
      for (const point of POINTS) {
        const difference = (act.sigma(point + h) - act.sigma(point - h)) / (2 * h);
        assert.ok(Math.abs(difference - act.derivative(point)) < 1e-8, `σ′(${point})`);
      }
    });

    it(`${name}: γ = sup|σ′| bounds σ′ and is attained`, () => {
      const act = getActivation(name);
      const grid = Array.from({ length: 4001 }, (_, i) => -10 + i / 200);
      const largest = Math.max(...grid.map((x) => Math.abs(act.derivative(x))));
      assert.ok(largest <= act.gamma + 1e-12);
      assert.ok(largest >= act.gamma - 1e-9);
    });
  }

  it("γ is 1 for tanh and 1/4 for the logistic sigmoid (the constants of bound (6))", () => {
    assert.equal(getActivation("tanh").gamma, 1);
    assert.equal(getActivation("sigmoid").gamma, 0.25);
  });

  it("relu takes σ′(0) = 0, like tfjs's own relu gradient (which the oracle differentiates)", () => {
    const act = getActivation("relu");
    assert.equal(act.derivative(0), 0);
    const zero = tf.scalar(0);
    const gradient = tf.grad((x: tf.Tensor) => tf.relu(x))(zero);
    assert.equal(gradient.dataSync()[0], 0);
    tf.dispose([zero, gradient]);
  });

  it("an unknown activation throws, naming the argument, the value and the known names", () => {
    assert.throws(() => getActivation("softsign"), {
      name: "RangeError",
      message: 'activation must be one of tanh, sigmoid, linear, relu, got "softsign"',
    });
    assert.throws(() => getActivation(undefined), /activation must be one of .*got undefined/);
  });
});
