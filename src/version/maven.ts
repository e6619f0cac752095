// Maven versions, ordered like org.apache.maven.artifact.versioning.ComparableVersion (Maven 3.8):
// items are numbers, qualifiers and sub-lists ('-' or a digit/letter switch opens a list); trailing
// "null" items (0, '', ga, final, release) are dropped; qualifiers rank alpha < beta < milestone <
// rc = cr < snapshot < '' (release) < sp < anything else (alphabetical).
import { InvalidVersionError } from './errors.js';
import type { VersionScheme } from './types.js';
import { compareDigits, ParseCache } from './util.js';

// Qualifiers carry their comparable key (q), computed once at parse time.
type Item = { t: 'int'; v: string } | { t: 'str'; v: string; q: string } | { t: 'list'; v: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

/** ComparableVersion's comparableQualifier: known qualifiers by rank, others after them, alphabetically. */
function comparableQualifier(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function stringItem(value: string, followedByDigit: boolean): Item {
  if (followedByDigit && value.length === 1) {
    if (value === 'a') value = 'alpha';
    else if (value === 'b') value = 'beta';
    else if (value === 'm') value = 'milestone';
  }
  const v = ALIASES[value] ?? value;
  return { t: 'str', v, q: comparableQualifier(v) };
}

function parseItem(isDigit: boolean, buf: string): Item {
  return isDigit ? { t: 'int', v: buf.replace(/^0+(?=.)/, '') } : stringItem(buf, false);
}

function isNull(item: Item): boolean {
  if (item.t === 'int') return /^0+$/.test(item.v);
  if (item.t === 'str') return item.q === RELEASE_INDEX;
  return item.v.length === 0;
}

function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i]!;
    if (isNull(last)) list.splice(i, 1);
    else if (last.t !== 'list') break;
  }
}

// Java's Character.isDigit on ASCII; Maven lower-cases with Locale.ENGLISH.
const isDigitChar = (c: string) => c >= '0' && c <= '9';

export function parseMaven(version: string): Item[] {
  if (version.length === 0) throw new InvalidVersionError('maven', version, 'version string is empty');
  const v = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  let isDigit = false;
  let start = 0;
  const push = () => {
    const sub: Item[] = [];
    list.push({ t: 'list', v: sub });
    list = sub;
    stack.push(sub);
  };
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '.') {
      list.push(i === start ? { t: 'int', v: '0' } : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
    } else if (c === '-') {
      list.push(i === start ? { t: 'int', v: '0' } : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
      push();
    } else if (isDigitChar(c)) {
      if (!isDigit && i > start) {
        // Maven 3.8: "1.0.0.X1 < 1.0.0-X2", a qualifier after '.' opens a sub-list like '-X'.
        if (list.length) push();
        list.push(stringItem(v.slice(start, i), true));
        start = i;
        push();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, v.slice(start, i)));
        start = i;
        push();
      }
      isDigit = false;
    }
  }
  if (v.length > start) {
    if (!isDigit && list.length) push();
    list.push(parseItem(isDigit, v.slice(start)));
  }
  while (stack.length) normalize(stack.pop()!);
  return root;
}

/** Item.compareTo(other); other null means "missing" (the shorter list ran out). */
function compareItem(a: Item, b: Item | null): number {
  switch (a.t) {
    case 'int':
      if (b === null) return /^0+$/.test(a.v) ? 0 : 1;
      if (b.t === 'int') return compareDigits(a.v, b.v);
      return 1; // a number is newer than a qualifier or a sub-list
    case 'str': {
      if (b === null) return cmp(a.q, RELEASE_INDEX);
      if (b.t === 'str') return cmp(a.q, b.q);
      return -1;
    }
    case 'list':
      if (b === null) {
        for (const x of a.v) {
          const r = compareItem(x, null);
          if (r !== 0) return r;
        }
        return 0;
      }
      if (b.t === 'int') return -1;
      if (b.t === 'str') return 1;
      return compareLists(a.v, b.v);
  }
}

function compareLists(a: Item[], b: Item[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const l = a[i] ?? null;
    const r = b[i] ?? null;
    const c = l === null ? (r === null ? 0 : -compareItem(r, null)) : compareItem(l, r);
    if (c !== 0) return c;
  }
  return 0;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const cache = new ParseCache<Item[]>();

export function compareMaven(a: string, b: string): number {
  return compareLists(cache.get(a, parseMaven), cache.get(b, parseMaven));
}

export const maven: VersionScheme = {
  ecosystem: 'maven',
  compare: compareMaven,
  isValid: (v) => v.length > 0,
};
