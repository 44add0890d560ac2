/**
 * A tiny bounded string cache keyed by bytes: traces repeat the same 44-character user and
 * platform hashes millions of times, and decoding each occurrence costs more than hashing and
 * comparing the bytes. Direct-mapped (a colliding entry is simply replaced), so memory is fixed.
 */
export class ByteInterner {
  private readonly keys: (Buffer | undefined)[];
  private readonly values: string[];
  private readonly mask: number;

  // one interner serves one prefix: entries are keyed by bytes only
  constructor(bits = 12) {
    this.mask = (1 << bits) - 1;
    this.keys = new Array<Buffer | undefined>(1 << bits).fill(undefined);
    this.values = new Array<string>(1 << bits).fill('');
  }

  /** The string `prefix + latin1(buf[s, e))`, decoded once per distinct byte sequence. */
  get(buf: Buffer, s: number, e: number, prefix = ''): string {
    const len = e - s;
    // FNV-1a over the last ≤ 12 bytes: base64 hashes are random everywhere, ids vary at the end
    let h = 0x811c9dc5 ^ len;
    for (let i = len > 12 ? e - 12 : s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const slot = (h ^ (h >>> 15)) & this.mask;
    const k = this.keys[slot];
    if (k !== undefined && k.length === len) {
      let same = true;
      for (let i = 0; i < len; i++) {
        if (k[i] !== buf[s + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.values[slot];
    }
    const str = prefix + buf.toString('latin1', s, e);
    this.keys[slot] = Buffer.from(buf.subarray(s, e));
    this.values[slot] = str;
    return str;
  }
}
