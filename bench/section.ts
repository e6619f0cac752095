// A benchmark section: named, runs on its own, returns lines of figures to print.
export interface BenchSection {
  name: string;
  /** Return the figures as label -> value lines; throw to report the section as failed. */
  run(): Promise<Record<string, string | number>>;
}
