/**
 * Progress of a long benchmark on stderr (stdout keeps the report): what is being measured, done
 * of total, elapsed, and an estimate of the time left. Each unit of work has a weight (its flop
 * count, say); the estimate assumes the remaining weight goes at the rate measured so far.
 */
export class Progress {
  private readonly started = performance.now();
  private doneWeight = 0;
  private done = 0;

  constructor(
    private readonly total: number,
    private readonly totalWeight: number,
  ) {}

  /** Announces the unit about to start. */
  start(what: string): void {
    const elapsed = (performance.now() - this.started) / 1000;
    const left =
      this.doneWeight > 0
        ? `, about ${formatSeconds((elapsed / this.doneWeight) * (this.totalWeight - this.doneWeight))} left`
        : "";
    process.stderr.write(
      `[bench ${this.done + 1}/${this.total}] ${what} — elapsed ${formatSeconds(elapsed)}${left}\n`,
    );
  }

  /** Marks the unit started last as done. */
  finish(weight: number): void {
    this.done += 1;
    this.doneWeight += weight;
  }
}

export function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
