// `npm test` and `npm run test:quick`: the test stages, each started as soon as the stages it
// needs have passed, at most two at a time (each stage keeps up to two processes busy itself:
// node's test runner, or two notebook kernels). A stage's output goes to build/test-logs/<stage>.log;
// the console gets one line per stage as it ends, and the end of the log of every stage that
// failed. Stages whose prerequisites failed are skipped. Exits 1 when any stage failed.
//
// Adding a stage is one line in `stages` below: its name, the stages it needs, the test files
// (or npm script) it runs, and its time budget in seconds on an idle 2-core machine (printed
// beside the time it took; a stage over budget is reported, not failed: tests are not timed).
//
// Usage: node scripts/test.mjs [--quick [NN]] [--only stage,stage]
//   --quick [NN]  lint, typecheck, build, unit tests and one notebook (NN, default 02)
//   --only a,b    these stages and nothing else (their prerequisites are assumed done)
/* global performance */
import { spawn } from "node:child_process";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, relative } from "node:path";
import { buildDir, jupyterPython, projectRoot } from "./jupyter.mjs";

const npm = (script) => ({ command: "npm", args: ["run", "-s", script] });
const nodeTest = (files, options = []) => ({
  command: process.execPath,
  args: ["--import", "tsx", "--test", "--test-reporter=spec", ...options, ...files],
});
const labFixture = join(projectRoot, "test", "lab");

/** The JupyterLab fixture's packages, installed from its lockfile when they are missing. */
const labInstall = existsSync(join(labFixture, "node_modules", "@jupyterlab", "notebook"))
  ? { nothing: "already installed" }
  : { command: "npm", args: ["ci", "--prefix", "test/lab", "--no-fund", "--no-audit"] };

// name, needs, what it runs, budget (s). The order is the order of preference when two stages
// could start: the long browser stages first, so that the short ones fill the gaps.
const stages = [
  { name: "build", needs: [], run: npm("build"), budget: 20 },
  { name: "lab-fixture", needs: [], run: labInstall, budget: 120 },
  { name: "notebooks", needs: ["build"], run: nodeTest(["test/notebooks/*.test.ts"]), budget: 90 },
  { name: "report", needs: ["notebooks"], run: reportRun(), budget: 40 },
  { name: "e2e-notebook", needs: ["report"], run: e2e("browser"), budget: 200 },
  { name: "e2e-lab", needs: ["report", "lab-fixture"], run: e2e("lab"), budget: 200 },
  {
    name: "decks",
    needs: ["notebooks"],
    run: nodeTest(["test/teaching/slides.test.ts"]),
    budget: 150,
  },
  { name: "sweep", needs: ["build"], run: nodeTest(["test/sweep/*.test.ts"]), budget: 200 },
  {
    name: "exercises",
    needs: ["notebooks"],
    run: nodeTest(["test/teaching/exercises.test.ts"]),
    budget: 120,
  },
  { name: "e2e-report", needs: ["report"], run: e2e("report-copy"), budget: 60 },
  { name: "lecture", needs: ["build"], run: npm("test:lecture"), budget: 150 },
  {
    name: "explore",
    needs: ["build"],
    run: nodeTest(["test/explore/*.test.ts"], ["--test-concurrency=1"]),
    budget: 120,
  },
  { name: "e2e-safety", needs: ["build"], run: e2e("safety"), budget: 60 },
  { name: "figures", needs: ["notebooks"], run: nodeTest(["test/figures/*.test.ts"]), budget: 30 },
  {
    name: "unit",
    needs: ["build"],
    run: nodeTest(["test/unit/*.test.ts", "test/faults/*.test.ts"]),
    budget: 60,
  },
  { name: "typecheck", needs: [], run: npm("typecheck"), budget: 20 },
  { name: "lint", needs: [], run: npm("lint"), budget: 30 },
];

function e2e(file) {
  return nodeTest([`test/e2e/${file}.test.ts`]);
}

/** The report (build/report), made from the notebook test's runs, which the browser stages open. */
function reportRun() {
  return {
    command: process.execPath,
    args: [join("scripts", "report.mjs"), "--reuse", join("build", "test-notebooks")],
  };
}

/** `npm run test:quick`: the inner loop. */
function quickStages(notebook) {
  const only = { RNN_JACOBIAN_ONLY: notebook };
  return [
    { name: "build", needs: [], run: npm("build"), budget: 20 },
    { name: "unit", needs: ["build"], run: stages.find((s) => s.name === "unit").run, budget: 60 },
    {
      name: `notebook ${notebook}`,
      needs: ["build"],
      run: { ...nodeTest(["test/notebooks/notebooks.test.ts"]), env: only },
      budget: 40,
    },
    { name: "typecheck", needs: [], run: npm("typecheck"), budget: 20 },
    { name: "lint", needs: [], run: npm("lint"), budget: 30 },
  ];
}

const parallelStages = 2;
const cores = availableParallelism();
const cpuTime = join(projectRoot, "scripts", "cpu-time.py");
const logDir = join(buildDir, "test-logs");

function runStage(stage) {
  if (stage.run.nothing) return Promise.resolve({ ok: true, seconds: 0, note: stage.run.nothing });
  const log = join(logDir, `${stage.name.replace(/[^\w.-]+/g, "-")}.log`);
  const out = createWriteStream(log);
  const started = performance.now();
  return new Promise((done) => {
    // scripts/cpu-time.py reaps every process of the stage, orphaned kernels and browsers too,
    // and reports their CPU time: a figure that other work on the machine does not inflate.
    const cpuFile = `${log}.cpu`;
    const child = spawn(jupyterPython(), [cpuTime, cpuFile, stage.run.command, ...stage.run.args], {
      cwd: projectRoot,
      env: { ...process.env, ...stage.run.env },
      stdio: ["ignore", "pipe", "pipe"],
      shell: false,
    });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    // The first line is "user system" in seconds; any further line names a process the stage
    // left running (killed by cpu-time.py), which goes to the stage's log.
    const cpu = () => {
      const [times = "", ...leftBehind] = existsSync(cpuFile)
        ? readFileSync(cpuFile, "utf8").trim().split("\n")
        : [];
      for (const line of leftBehind) out.write(`\n${line}\n`);
      const seconds = times.split(/\s+/).map(Number);
      return seconds.length === 2 && seconds.every(Number.isFinite)
        ? seconds[0] + seconds[1]
        : undefined;
    };
    const finish = (code) => {
      const seconds = (performance.now() - started) / 1000;
      const cpuSeconds = cpu();
      out.end();
      out.on("finish", () => done({ ok: code === 0, seconds, cpu: cpuSeconds, log }));
    };
    child.on("error", (error) => {
      out.write(`\n${error.message}\n`);
      finish(-1);
    });
    child.on("close", (code) => finish(code));
  });
}

/** Test file globs are expanded here (node 20's test runner does not expand them itself). */
function expandGlobs(stage) {
  if (!stage.run.args) return stage;
  const args = stage.run.args.flatMap((arg) => {
    const match = arg.match(/^(.*)\/\*(\.[\w.]+)$/);
    if (!match) return [arg];
    const dir = join(projectRoot, match[1]);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .sort()
      .filter((name) => name.endsWith(match[2]))
      .map((name) => `${match[1]}/${name}`);
  });
  return { ...stage, run: { ...stage.run, args } };
}

function tail(path, lines) {
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

function format(seconds) {
  return seconds >= 60
    ? `${Math.floor(seconds / 60)} min ${String(Math.round(seconds % 60)).padStart(2, "0")} s`
    : `${seconds.toFixed(1)} s`;
}

async function main() {
  const args = process.argv.slice(2);
  const quickAt = args.indexOf("--quick");
  const onlyAt = args.indexOf("--only");
  let plan = stages;
  if (quickAt >= 0) {
    const pick =
      args[quickAt + 1] && !args[quickAt + 1].startsWith("--") ? args[quickAt + 1] : "02";
    plan = quickStages(pick);
  }
  if (onlyAt >= 0) {
    const names = (args[onlyAt + 1] ?? "").split(",").filter(Boolean);
    const unknown = names.filter((name) => !plan.some((stage) => stage.name === name));
    if (names.length === 0 || unknown.length > 0) {
      throw new Error(
        `--only needs stage names from: ${plan.map((s) => s.name).join(", ")}` +
          (unknown.length ? ` (unknown: ${unknown.join(", ")})` : ""),
      );
    }
    plan = plan
      .filter((stage) => names.includes(stage.name))
      .map((stage) => ({ ...stage, needs: stage.needs.filter((need) => names.includes(need)) }));
  }
  plan = plan.map(expandGlobs);
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });

  const started = performance.now();
  const loadAtStart = loadavg().map((value) => value.toFixed(1));
  const state = new Map(plan.map((stage) => [stage.name, "waiting"]));
  const results = new Map();
  let running = 0;
  console.log(
    `Running ${plan.length} stages, up to ${parallelStages} at a time; logs in ${relative(projectRoot, logDir)}/`,
  );
  await new Promise((allDone) => {
    const schedule = () => {
      for (const stage of plan) {
        if (state.get(stage.name) !== "waiting") continue;
        const needs = stage.needs.map((need) => state.get(need));
        if (needs.some((s) => s === "failed" || s === "skipped")) {
          state.set(stage.name, "skipped");
          console.log(`  skip  ${stage.name} (needs ${stage.needs.join(", ")})`);
          continue;
        }
        if (running >= parallelStages || !needs.every((s) => s === "passed")) continue;
        running += 1;
        state.set(stage.name, "running");
        const at = format((performance.now() - started) / 1000);
        console.log(`  start ${stage.name} (at ${at})`);
        runStage(stage).then((result) => {
          running -= 1;
          results.set(stage.name, result);
          state.set(stage.name, result.ok ? "passed" : "failed");
          const over = result.seconds > stage.budget ? `, over its ${stage.budget} s budget` : "";
          console.log(
            `  ${result.ok ? "pass " : "FAIL "} ${stage.name} ${result.note ?? `in ${format(result.seconds)}`}${over}`,
          );
          schedule();
        });
      }
      if ([...state.values()].every((s) => s !== "waiting" && s !== "running")) allDone();
    };
    schedule();
  });

  const failed = plan.filter((stage) => state.get(stage.name) === "failed");
  for (const stage of failed) {
    const { log } = results.get(stage.name);
    console.log(`\n==== ${stage.name} failed; the end of ${relative(projectRoot, log)}:\n`);
    console.log(tail(log, 120));
  }
  console.log(`\n${"stage".padEnd(16)} ${"time".padStart(12)} ${"CPU time".padStart(12)}  budget`);
  for (const stage of plan) {
    const result = results.get(stage.name);
    const time = result ? format(result.seconds) : state.get(stage.name);
    const cpu = result?.cpu === undefined ? "" : format(result.cpu);
    console.log(
      `${stage.name.padEnd(16)} ${time.padStart(12)} ${cpu.padStart(12)}  ${stage.budget} s`,
    );
  }
  const total = (performance.now() - started) / 1000;
  const totalCpu = [...results.values()].reduce((sum, result) => sum + (result.cpu ?? 0), 0);
  console.log(
    `${"all".padEnd(16)} ${format(total).padStart(12)} ${format(totalCpu).padStart(12)}` +
      `  (CPU time / ${cores} cores: ${format(totalCpu / cores)})`,
  );
  const load = loadavg().map((value) => value.toFixed(1));
  console.log(`load average at the start ${loadAtStart.join(" ")}, at the end ${load.join(" ")}`);
  const skipped = plan.filter((stage) => state.get(stage.name) === "skipped").length;
  console.log(
    `\n${failed.length === 0 && skipped === 0 ? "passed" : "FAILED"}: ${plan.length} stages, ` +
      `${failed.length} failed, ${skipped} skipped, ${format(total)}`,
  );
  process.exitCode = failed.length === 0 && skipped === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(`npm test: ${error.message}`);
  process.exitCode = 1;
});
