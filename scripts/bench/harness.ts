/** Shared bits of `npm run bench`: each section prints its figures and returns them for the final JSON line. */
import { performance } from 'node:perf_hooks';

export interface BenchSection {
  name: string;
  run(log: (line: string) => void): Record<string, number> | Promise<Record<string, number>>;
}

export function timed<T>(work: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = work();
  return { ms: performance.now() - start, value };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A full garbage collection between timed runs, when node runs with --expose-gc (npm run bench does). */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}
