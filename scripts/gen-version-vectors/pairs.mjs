// Deterministic pair selection: every pair among the tricky versions, each real version against its
// neighbours in sorted order (near-misses are where comparators go wrong), and seeded random pairs.

export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function choosePairs(tricky, real, { maxTrickyCross = 3000, randomPairs = 2000, maxNeighbours = 3000, seed = 1 } = {}) {
  const rand = rng(seed);
  const pairs = [];
  const seen = new Set();
  const add = (a, b) => {
    if (a.includes('\t') || b.includes('\t') || a.includes('\n') || b.includes('\n')) return;
    const k = `${a}\t${b}`;
    if (seen.has(k)) return;
    seen.add(k);
    pairs.push([a, b]);
  };
  const t = [...new Set(tricky)];
  // Full cross product of the tricky set when small, else a random subset of it.
  if (t.length * t.length <= maxTrickyCross) {
    for (const a of t) for (const b of t) add(a, b);
  } else {
    for (let i = 0; i < maxTrickyCross; i++) add(t[Math.floor(rand() * t.length)], t[Math.floor(rand() * t.length)]);
    for (const a of t) add(a, a);
  }
  const r = [...new Set(real)].sort();
  const step = Math.max(1, Math.ceil(r.length / maxNeighbours));
  for (let i = 0; i + 1 < r.length; i += step) add(r[i], r[i + 1]);
  const all = [...new Set([...t, ...r])];
  for (let i = 0; i < randomPairs && all.length; i++) add(all[Math.floor(rand() * all.length)], all[Math.floor(rand() * all.length)]);
  return pairs;
}

/** Combines parts: every sequence of up to `depth` parts from `parts`, each prefixed by `base`. */
export function combos(bases, parts, depth) {
  const out = new Set(bases);
  let frontier = [...bases];
  for (let d = 0; d < depth; d++) {
    const next = [];
    for (const f of frontier) for (const p of parts) next.push(f + p);
    for (const n of next) out.add(n);
    frontier = next;
  }
  return [...out];
}
