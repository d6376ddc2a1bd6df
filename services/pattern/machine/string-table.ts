// A string -> int32 hash table for the anchors on exact string values. A Map would do, but the
// lookup is the hottest thing after the scan: here the hash is computed in JS over the (short)
// value and probing compares int32 hashes in one typed array, so a lookup of a fresh event string
// costs about one cache miss instead of a runtime hash call plus a walk through the Map's entries.
// Open addressing with linear probing and backward-shift deletion (no tombstones).

const EMPTY = 0; // a stored hash is never 0 (see hashOf)

/** FNV-1a over UTF-16 code units, never 0. */
export function hashOf(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h === 0 ? 1 : h;
}

export class StringTable {
  private hashes = new Int32Array(16);
  private keys: Array<string | undefined> = new Array<string | undefined>(16).fill(undefined);
  private values = new Int32Array(16);
  private mask = 15;
  size = 0;

  /** The value stored for `key`, or -1. */
  get(key: string): number {
    const h = hashOf(key);
    const hashes = this.hashes;
    const mask = this.mask;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const stored = hashes[j] as number;
      if (stored === EMPTY) return -1;
      if (stored === h && this.keys[j] === key) return this.values[j] as number;
    }
  }

  set(key: string, value: number): void {
    if ((this.size + 1) * 2 > this.hashes.length) this.grow();
    const h = hashOf(key);
    const mask = this.mask;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const stored = this.hashes[j] as number;
      if (stored === EMPTY) {
        this.hashes[j] = h;
        this.keys[j] = key;
        this.values[j] = value;
        this.size++;
        return;
      }
      if (stored === h && this.keys[j] === key) {
        this.values[j] = value;
        return;
      }
    }
  }

  delete(key: string): void {
    const h = hashOf(key);
    const mask = this.mask;
    let j = h & mask;
    for (; ; j = (j + 1) & mask) {
      const stored = this.hashes[j] as number;
      if (stored === EMPTY) return;
      if (stored === h && this.keys[j] === key) break;
    }
    this.size--;
    // Backward-shift: move later entries of the probe run into the hole when their home allows.
    for (let k = (j + 1) & mask; ; k = (k + 1) & mask) {
      const stored = this.hashes[k] as number;
      if (stored === EMPTY) break;
      const home = stored & mask;
      // Entry at k may move to j when j lies cyclically in [home, k).
      if (((k - home) & mask) >= ((k - j) & mask)) {
        this.hashes[j] = stored;
        this.keys[j] = this.keys[k];
        this.values[j] = this.values[k] as number;
        j = k;
      }
    }
    this.hashes[j] = EMPTY;
    this.keys[j] = undefined;
    this.values[j] = 0;
  }

  private grow(): void {
    const { hashes, keys, values } = this;
    const size = hashes.length * 2;
    this.hashes = new Int32Array(size);
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.values = new Int32Array(size);
    this.mask = size - 1;
    this.size = 0;
    for (let j = 0; j < hashes.length; j++) {
      const key = keys[j];
      if (hashes[j] !== EMPTY && key !== undefined) this.set(key, values[j] as number);
    }
  }
}
