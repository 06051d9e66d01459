/**
 * Progress of a long benchmark on stderr (stdout keeps the report): what is being measured, done
 * of total, elapsed, and an estimate of the time left. The estimate comes only from units already
 * measured in this run: every unit has a kind (say "wasm products") and a weight (its n³T), and
 * the remaining weight of each kind goes at the seconds per weight measured for that kind so far.
 * While some kind still to run has no measurement yet, no estimate is printed: a guess from a
 * different kind of work (another backend, autodiff instead of products) swings by a factor of
 * ten and helps nobody.
 */
export class Progress {
  private readonly started = performance.now();
  private unitStarted = 0;
  private current: { kind: string; weight: number } | undefined;
  private done = 0;
  private readonly remaining = new Map<string, number>();
  private readonly measured = new Map<string, { seconds: number; weight: number }>();

  /** `plan`: every unit the run will measure, with its kind and weight, in any order. */
  constructor(private readonly plan: readonly { kind: string; weight: number }[]) {
    for (const unit of plan) {
      this.remaining.set(unit.kind, (this.remaining.get(unit.kind) ?? 0) + unit.weight);
    }
  }

  /** Announces the unit about to start. */
  start(what: string, kind: string, weight: number): void {
    const now = performance.now();
    const elapsed = (now - this.started) / 1000;
    const left = this.estimate();
    process.stderr.write(
      `[bench ${this.done + 1}/${this.plan.length}] ${what} — elapsed ${formatSeconds(elapsed)}` +
        (left === undefined ? "" : `, about ${formatSeconds(left)} left`) +
        "\n",
    );
    this.current = { kind, weight };
    this.unitStarted = now;
  }

  /** Marks the unit started last as done. */
  finish(): void {
    if (!this.current) return;
    const { kind, weight } = this.current;
    const seconds = (performance.now() - this.unitStarted) / 1000;
    const sofar = this.measured.get(kind) ?? { seconds: 0, weight: 0 };
    this.measured.set(kind, { seconds: sofar.seconds + seconds, weight: sofar.weight + weight });
    this.remaining.set(kind, (this.remaining.get(kind) ?? 0) - weight);
    this.done += 1;
    this.current = undefined;
  }

  /** Seconds left from the rates measured so far, or undefined if some kind has none yet. */
  private estimate(): number | undefined {
    let left = 0;
    for (const [kind, weight] of this.remaining) {
      if (weight <= 0) continue;
      const rate = this.measured.get(kind);
      if (!rate || rate.weight <= 0) return undefined;
      left += (rate.seconds / rate.weight) * weight;
    }
    return left;
  }
}

export function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
