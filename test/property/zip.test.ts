import fc from 'fast-check';
import { crc32 } from 'node:zlib';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { packPart, readPackage, zipEntries, zipOrder } from '../../src/pptx/package.js';

/**
 * Part names as a package has them: folders and a file name with an extension, some non-ASCII
 * (the writer flags UTF-8 names). An extension also keeps names from looking like array indexes,
 * which a plain object (as unzipSync returns) would list first.
 */
const segment = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-'.split(''), 'é', '한', '文'), minLength: 1, maxLength: 10 });
const partName = fc.oneof(
  fc.tuple(fc.array(segment, { maxLength: 3 }), segment, fc.constantFrom('xml', 'rels', 'png', 'bin')).map(([dirs, base, ext]) => [...dirs, `${base}.${ext}`].join('/')),
  fc.constantFrom('[Content_Types].xml', '_rels/.rels', 'ppt/presentation.xml', 'docProps/app.xml'),
);

/** Part data: XML-like text (Unicode included), repetitive text that DEFLATE shrinks, or raw bytes. */
const partData = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }).map((s) => `<?xml version="1.0"?><a:t>${s}</a:t>`),
  fc.tuple(fc.string({ maxLength: 20 }), fc.integer({ min: 1, max: 500 })).map(([s, n]) => s.repeat(n)),
  fc.uint8Array({ maxLength: 3000 }),
  fc.constant(''),
);

const parts = fc.uniqueArray(fc.tuple(partName, partData), { selector: ([n]) => n, maxLength: 12 });

const bytesOf = (d: string | Uint8Array) => (typeof d === 'string' ? Buffer.from(d, 'utf8') : Buffer.from(d));
/** Byte equality without a deep comparison, which is slow on typed arrays. */
const same = (a: Uint8Array | undefined, b: Uint8Array) => a !== undefined && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
const zip = (ps: readonly (readonly [string, string | Uint8Array])[]) => zipEntries(ps.map(([n, d]) => packPart(n, d)));

describe('zip writer (property, issue 10)', () => {
  it("round-trips through fflate's unzipSync: the same names, in the order given, and the same bytes", () => {
    fc.assert(
      fc.property(parts, (ps) => {
        const files = unzipSync(zip(ps));
        expect(Object.keys(files)).toEqual(ps.map(([n]) => n));
        for (const [n, d] of ps) expect(same(files[n], bytesOf(d)), n).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('round-trips through readPackage, with no part read as stored', async () => {
    await fc.assert(
      fc.asyncProperty(parts, async (ps) => {
        const pkg = await readPackage(zip(ps));
        expect(pkg.names()).toEqual(ps.map(([n]) => n));
        for (const [n, d] of ps) {
          const p = pkg.parts.get(n);
          expect(p instanceof Uint8Array && same(p, bytesOf(d)), n).toBe(true);
        }
        expect([...pkg.stored]).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('writes headers that tell the truth: CRC-32, sizes, deflate, UTF-8 names, local and central alike', () => {
    // unzipSync checks no CRC, so read the headers here: a reader that does (Office) would reject a wrong one
    fc.assert(
      fc.property(parts, (ps) => {
        const z = zip(ps);
        const end = z.length - 22;
        expect(z.readUInt32LE(end)).toBe(0x06054b50);
        expect(z.readUInt16LE(end + 10)).toBe(ps.length);
        let at = z.readUInt32LE(end + 16);
        expect(at + z.readUInt32LE(end + 12)).toBe(end);
        for (const [n, d] of ps) {
          const bytes = bytesOf(d);
          expect(z.readUInt32LE(at)).toBe(0x02014b50);
          const nameLen = z.readUInt16LE(at + 28);
          expect(z.subarray(at + 46, at + 46 + nameLen).toString('utf8')).toBe(n);
          const local = z.readUInt32LE(at + 42);
          expect(z.readUInt32LE(local)).toBe(0x04034b50);
          // flags, method, time, date, CRC, sizes and name length: the same run in both headers
          expect(z.subarray(local + 6, local + 28).equals(z.subarray(at + 8, at + 30))).toBe(true);
          expect(z.readUInt16LE(at + 8) & 0x0800).toBe(0x0800);
          expect(z.readUInt16LE(at + 10)).toBe(8);
          expect(z.readUInt32LE(at + 16)).toBe(crc32(bytes));
          expect(z.readUInt32LE(at + 24)).toBe(bytes.length);
          at += 46 + nameLen + z.readUInt16LE(at + 30) + z.readUInt16LE(at + 32);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('writes the same bytes for the same parts, packed twice or zipped twice', () => {
    fc.assert(
      fc.property(parts, (ps) => {
        const entries = ps.map(([n, d]) => packPart(n, d));
        const once = zipEntries(entries);
        expect(zipEntries(entries).equals(once)).toBe(true);
        expect(zip(ps).equals(once)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('zipOrder puts [Content_Types].xml first and the rest by name', () => {
    fc.assert(
      fc.property(fc.uniqueArray(partName), (names) => {
        const sorted = [...names].sort(zipOrder);
        const rest = names.filter((n) => n !== '[Content_Types].xml');
        expect(sorted).toEqual([...(names.includes('[Content_Types].xml') ? ['[Content_Types].xml'] : []), ...rest.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))]);
      }),
      { numRuns: 300 },
    );
  });
});
