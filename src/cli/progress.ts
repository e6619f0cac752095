// Layer download progress on a terminal: one line per layer (bytes done / total), redrawn in place at
// most ten times a second on stderr, and erased when the scan ends. Never drawn when stderr is not a TTY.
import type { LayerProgress } from '../source/progress.js';

interface Line { done: number; total?: number; finished: boolean }
export interface TtyLike { write(text: string): boolean; columns?: number }

const mb = (n: number) => (n / 1e6).toFixed(1);
const MAX_LINES = 12;

export class TtyProgress implements LayerProgress {
  private readonly layers = new Map<string, Line>();
  private drawnLines = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly out: TtyLike, private readonly intervalMs = 100) {}

  start(id: string, total?: number): void {
    this.layers.set(id, { done: 0, total, finished: false });
    this.schedule();
  }

  advance(id: string, bytes: number): void {
    const l = this.layers.get(id);
    if (l) l.done += bytes;
    this.schedule();
  }

  done(id: string): void {
    const l = this.layers.get(id);
    if (l) l.finished = true;
    this.schedule();
  }

  finish(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.erase();
    this.layers.clear();
  }

  /** The lines as drawn now (also what tests read). */
  lines(): string[] {
    const width = Math.max(40, (this.out.columns || 80) - 1); // a pty without a size reports 0 columns
    const all = [...this.layers.entries()];
    // finished layers scroll away first when there are many
    const shown = all.length > MAX_LINES ? [...all.filter(([, l]) => !l.finished), ...all.filter(([, l]) => l.finished)].slice(0, MAX_LINES) : all;
    return shown.map(([id, l]) => {
      const name = id.replace(/^sha256:/, '').slice(0, 12);
      const frac = l.total ? Math.min(1, l.done / l.total) : l.finished ? 1 : 0;
      const bar = '#'.repeat(Math.round(frac * 20)).padEnd(20, '.');
      const size = l.total ? `${mb(l.done)}/${mb(l.total)} MB` : `${mb(l.done)} MB`;
      return `${name} [${bar}] ${size}${l.finished ? ' done' : ''}`.slice(0, width);
    });
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = undefined; this.draw(); }, this.intervalMs);
    this.timer.unref();
  }

  private erase(): void {
    if (this.drawnLines) this.out.write(`\x1b[${this.drawnLines}A\x1b[J`);
    this.drawnLines = 0;
  }

  private draw(): void {
    const lines = this.lines();
    this.erase();
    if (lines.length) this.out.write(lines.map((l) => `${l}\x1b[K\n`).join(''));
    this.drawnLines = lines.length;
  }
}

/** A progress display on stderr when it is a terminal (and not TERM=dumb); otherwise none. */
export function stderrProgress(stream: NodeJS.WriteStream & { isTTY?: boolean } = process.stderr, env: NodeJS.ProcessEnv = process.env): LayerProgress | undefined {
  return stream.isTTY && env.TERM !== 'dumb' ? new TtyProgress(stream) : undefined;
}
