/** A progress bar on stderr for steps that take over a second (only on a terminal). */

/** Where text goes: a stream, or a test's collector. */
export interface Writer {
  write(text: string): unknown;
  /** Whether it is a terminal (the progress bar shows only on one). */
  readonly isTTY?: boolean | undefined;
  /** The terminal's width. */
  readonly columns?: number | undefined;
}

/** The delay before a step's bar appears, in ms. */
export const PROGRESS_DELAY = 1000;

/** A bar that redraws at most every 100 ms once a step has run for {@link PROGRESS_DELAY}. */
export class Progress {
  private label = '';
  private started = 0;
  private drawn = 0;
  private shown = false;
  private readonly stream: Writer;
  private readonly enabled: boolean;
  private readonly now: () => number;

  constructor(stream: Writer, enabled: boolean, now: () => number) {
    this.stream = stream;
    this.enabled = enabled;
    this.now = now;
  }

  /** Begin a step (ends the previous one). */
  start(label: string): void {
    this.done();
    this.label = label;
    this.started = this.now();
  }

  /** The step has done `fraction` (0..1) of its work. */
  update(fraction: number): void {
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.started < PROGRESS_DELAY || (this.shown && t - this.drawn < 100)) return;
    const columns = this.stream.columns ?? 0;
    const room = (columns > 0 ? columns : 80) - this.label.length - 10;
    const width = Math.max(10, Math.min(40, room));
    const f = Math.max(0, Math.min(1, fraction));
    const full = Math.round(f * width);
    const pct = `${String(Math.floor(f * 100)).padStart(3)}%`;
    this.stream.write(`\r${this.label} [${'#'.repeat(full)}${'-'.repeat(width - full)}] ${pct}`);
    this.shown = true;
    this.drawn = t;
  }

  /** End the step: the bar, if drawn, is erased. */
  done(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
