/**
 * A bounded string cache keyed by bytes: traces repeat the same 44-character user and platform
 * hashes and the same machine ids millions of times, and decoding each occurrence costs more
 * than hashing and comparing the bytes. Direct-mapped (a colliding entry is replaced), keys are
 * copied into one preallocated arena, so a miss allocates nothing but the new string and memory
 * is fixed. Keys longer than MAX_KEY bytes are not cached.
 */
import { fieldText } from './fields.ts';

const MAX_KEY = 48;

export class ByteInterner {
  private readonly arena: Uint8Array;
  private readonly lengths: Uint8Array; // 0 = empty slot (empty keys are never cached)
  private readonly values: string[];
  private readonly mask: number;

  /** One interner serves one prefix: entries are keyed by bytes only. */
  constructor(bits = 12) {
    this.mask = (1 << bits) - 1;
    this.arena = new Uint8Array((1 << bits) * MAX_KEY);
    this.lengths = new Uint8Array(1 << bits);
    this.values = new Array<string>(1 << bits).fill('');
  }

  /** The string `prefix + fieldText(buf[s, e))`, decoded once per distinct byte sequence. */
  get(buf: Buffer, s: number, e: number, prefix = ''): string {
    const len = e - s;
    if (len === 0 || len > MAX_KEY) return prefix + fieldText(buf, s, e);
    // FNV-1a over the last ≤ 12 bytes: base64 hashes are random everywhere, ids vary at the end
    let h = 0x811c9dc5 ^ len;
    for (let i = len > 12 ? e - 12 : s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const slot = (h ^ (h >>> 16)) & this.mask;
    const base = slot * MAX_KEY;
    const arena = this.arena;
    if (this.lengths[slot] === len) {
      let i = 0;
      while (i < len && arena[base + i] === buf[s + i]) i++;
      if (i === len) return this.values[slot];
    }
    for (let i = 0; i < len; i++) arena[base + i] = buf[s + i];
    this.lengths[slot] = len;
    const str = prefix + fieldText(buf, s, e);
    this.values[slot] = str;
    return str;
  }
}
