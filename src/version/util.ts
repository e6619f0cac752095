/** Compares two strings of ASCII digits by numeric value, at any length (no float or BigInt). */
export function compareDigits(a: string, b: string): number {
  let i = 0;
  while (i < a.length - 1 && a.charCodeAt(i) === 48) i++;
  let j = 0;
  while (j < b.length - 1 && b.charCodeAt(j) === 48) j++;
  const la = a.length - i;
  const lb = b.length - j;
  if (la !== lb) return la < lb ? -1 : 1;
  for (; i < a.length; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Plain code-unit ordering (C strcmp / Java compareTo / Ruby <=> on ASCII). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAlphaCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * A bounded parse cache: matching compares the same few thousand version strings many times.
 * Cleared when full rather than LRU, which is cheap and good enough for that access pattern.
 */
export class ParseCache<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly limit = 20_000) {}

  get(key: string, parse: (s: string) => T): T {
    let v = this.map.get(key);
    if (v === undefined) {
      v = parse(key);
      if (this.map.size >= this.limit) this.map.clear();
      this.map.set(key, v);
    }
    return v;
  }
}
