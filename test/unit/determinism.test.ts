import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { autodiffJacobianOverTime } from "../../src/oracle/autodiff";
import { useBackend } from "../../src/oracle/backend";
import { formatJson, formatReport } from "../../src/tools/report";
import { finiteDifferenceJacobianOverTime } from "../../src/oracle/finiteDifferences";
import { forward, randomInputs, randomRNN, randomState } from "../../src/checked/network";
import { verify } from "../../src/tools/verify";
import { productsOverTime } from "../../src/fast/products";

const ROOT = join(__dirname, "..", "..");
const digest = (text: string): string => createHash("sha256").update(text).digest("hex");

describe("determinism: the same seed gives the same bytes", () => {
  before(async () => {
    await useBackend("wasm");
  });

  it("the library: network, trajectory, products, autodiff and finite differences", () => {
    const once = () => {
      const rnn = randomRNN({ n: 5, seed: 42, activation: "relu" });
      const u = randomInputs(6, 1, 43);
      const x0 = randomState(5, 44);
      const states = forward(rnn, u, x0);
      return JSON.stringify([
        rnn,
        states,
        productsOverTime(rnn, states, "paper"),
        autodiffJacobianOverTime(rnn, u, x0, 1, 6),
        finiteDifferenceJacobianOverTime(rnn, u, x0, 1, 6),
      ]);
    };
    assert.equal(once(), once());
  });

  it("verify: the JSON and the report are the same bytes on a second run", () => {
    const options = { n: 5, steps: 4, activation: "sigmoid", seed: 9, symmetric: false } as const;
    const first = verify(options);
    const second = verify(options);
    assert.equal(formatJson(first), formatJson(second));
    assert.equal(formatReport(first), formatReport(second));
    // And a different seed gives different numbers.
    assert.notEqual(formatJson(first), formatJson(verify({ ...options, seed: 10 })));
  });

  it("the compiled command line: verify --json twice, in two processes, same bytes", () => {
    const bin = join(ROOT, "bin", "rnn-jacobian.js");
    const args = [bin, "verify", "--json", "--n", "3", "--steps", "4", "--activation", "tanh"];
    const first = execFileSync(process.execPath, args, { encoding: "utf8" });
    const second = execFileSync(process.execPath, args, { encoding: "utf8" });
    assert.ok(first.length > 1000);
    assert.equal(digest(first), digest(second));
  });
});
