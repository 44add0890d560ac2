import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDecimal, parseUint, parseInt64 } from '../../src/workload/io/fields.ts';
import { googleMicrosFromBytes, googleMicrosFromJson, AFTER_WINDOW_TEXT } from '../../src/workload/traces/google-time.ts';
import { formatMilli, toMilli } from '../../src/workload/units.ts';
import { parseMilliText } from '../../src/workload/traces/native-csv-record.ts';

const b = (s: string) => Buffer.from(s, 'latin1');
const dec = (s: string) => parseDecimal(b(s), 0, s.length);

describe('byte-level number parsing', () => {
  it('parses decimals exactly like parseFloat, including exponents', () => {
    for (const s of ['0', '0.5', '0.2493', '0.0004244', '2.861e-06', '1e-05', '-3.25', '+7', '123456789012345678', '0.30000000000000004', '1E3']) {
      expect(dec(s)).toBe(parseFloat(s));
    }
  });

  it('agrees with parseFloat on random decimal text (property)', () => {
    const decimalText = fc.tuple(fc.boolean(), fc.stringMatching(/^\d{1,12}$/), fc.option(fc.stringMatching(/^\d{1,10}$/)), fc.option(fc.integer({ min: -30, max: 30 })))
      .map(([neg, i, f, e]) => `${neg ? '-' : ''}${i}${f === null ? '' : '.' + f}${e === null ? '' : 'e' + e}`);
    fc.assert(fc.property(decimalText, (s) => Object.is(dec(s), parseFloat(s))), { seed: 6, numRuns: 2000 });
  });

  it('rejects what parseFloat would silently accept', () => {
    for (const s of ['', '0.5x', '1.2.3', 'abc', '.', '-', '1e', '1e+', ' 1', 'Infinity', '0x10']) expect(dec(s)).toBeNaN();
  });

  it('parses unsigned and signed integers, refusing unsafe values', () => {
    expect(parseUint(b('6251812952'), 0, 10)).toBe(6251812952);
    expect(parseUint(b('12a'), 0, 3)).toBeNaN();
    expect(parseUint(b(''), 0, 0)).toBeNaN();
    expect(parseUint(b('9007199254740993'), 0, 16)).toBeNaN();
    expect(parseInt64(b('-1078'), 0, 5)).toBe(-1078);
  });
});

describe('Google timestamps', () => {
  it('recognizes 2^63−1 on its digits, although it is not representable as a number', () => {
    expect(Number(AFTER_WINDOW_TEXT)).toBe(2 ** 63); // why parseFloat cannot be used
    expect(googleMicrosFromBytes(b(AFTER_WINDOW_TEXT), 0, 19)).toBe(Infinity);
    expect(googleMicrosFromBytes(b('9223372036854775806'), 0, 19)).toBe(-1); // digits, but no sentinel: out of range
    expect(googleMicrosFromBytes(b('2506135493517'), 0, 13)).toBe(2506135493517);
    expect(googleMicrosFromJson(AFTER_WINDOW_TEXT)).toBe(Infinity);
    expect(googleMicrosFromJson('600026913')).toBe(600026913);
    expect(googleMicrosFromJson('-5')).toBeNaN();
  });
});

describe('milli-units', () => {
  it('round-trips decimal text with 3 fraction digits exactly', () => {
    for (const [s, m] of [['1.5', 1500], ['1024', 1024000], ['0.001', 1], ['512.5', 512500], ['-2.25', -2250]] as const) {
      expect(parseMilliText(s)).toBe(m);
      expect(formatMilli(m)).toBe(s);
    }
    expect(parseMilliText('0.0625')).toBe(63); // beyond milli precision: rounded
    expect(toMilli(0.2493, 131072)).toBe(32676250);
  });
});
