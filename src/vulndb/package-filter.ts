// A Bloom filter of the packages the DB has rows for, read once per handle: most of an image's packages have
// no advisory at all, and at full scale each such lookup would otherwise cost a b-tree descent to a cold leaf
// page. Built from the same 52-bit key hash as the slots (package-slot.ts); ~10 bits per package, 7 probes:
// about 1% of absent packages still go to the table, and a present package always does.

const BITS_PER_KEY = 10;
export const FILTER_PROBES = 7;

// Bit i of a key hash: double hashing over the hash's low 32 bits and its (spread) high 20 bits.
const low = (hash: number) => hash % 4294967296;
const step = (hash: number) => (Math.imul(Math.floor(hash / 4294967296), 2654435761) | 1) >>> 0;

export function buildPackageFilter(hashes: number[]): Buffer {
  const bytes = Math.max(8, Math.ceil((hashes.length * BITS_PER_KEY) / 8));
  const filter = Buffer.alloc(bytes);
  const bits = bytes * 8;
  for (const h of hashes) {
    const lo = low(h), hi = step(h);
    for (let i = 0; i < FILTER_PROBES; i++) { const b = (lo + i * hi) % bits; filter[b >>> 3]! |= 1 << (b & 7); }
  }
  return filter;
}

/** False when the package is certainly absent; true when it may be present. */
export function mayContain(filter: Uint8Array, probes: number, hash: number): boolean {
  const bits = filter.length * 8;
  const lo = low(hash), hi = step(hash);
  for (let i = 0; i < probes; i++) {
    const b = (lo + i * hi) % bits;
    if ((filter[b >>> 3]! & (1 << (b & 7))) === 0) return false;
  }
  return true;
}
