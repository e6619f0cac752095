// Where a package's affected rows live: the `affected` table is keyed by a 52-bit hash of (ecosystem key,
// package key), so a lookup is one descent of an integer b-tree (dense interior pages, the rows blob in the
// leaf) instead of a text index probe and then a table probe. Collisions are resolved by linear probing: a
// key sits at the first free slot from its hash on, so a reader walks from the hash until it finds the key or
// an empty slot.

/** cyrb53 (a public-domain string hash with good dispersion), cut to 52 bits so `slot + n` stays exact. */
export function packageSlot(eco: string, name: string): number {
  const key = `${eco}\u0000${name}`;
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (h2 & 0xfffff) + (h1 >>> 0);
}
