import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeTheme } from '../../src/theme/merge.js';

type Value = null | boolean | number | string | Value[] | { [k: string]: Value };
type Plain = { [k: string]: Value };

const isPlain = (v: unknown): v is Plain => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Few keys, so that base and patch share many; 'constructor' and 'toString' are inherited by every object. */
const key = fc.constantFrom('fonts', 'sizes', 'title', 'body', 'color', 'a', 'b', 'constructor', 'toString');

/** Theme-like values: mappings nested a few levels, scalars, null and arrays. */
const { value, mapping } = fc.letrec<{ value: Value; mapping: Plain }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -5, max: 60 }), fc.constantFrom('Calibri', '1F3864', '')),
    fc.array(tie('value'), { maxLength: 3 }),
    tie('mapping'),
  ),
  mapping: fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((kvs) => Object.fromEntries(kvs) as Plain),
}));

/** Mappings whose keys each hold one kind of value, as a theme schema has them: a mapping or never one. */
const { themeLike } = fc.letrec<{ themeLike: Plain }>((tie) => ({
  themeLike: fc
    .array(
      fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.tuple(fc.constantFrom('color', 'size', 'a', 'toString'), fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 60 }), fc.constantFrom('Calibri', '1F3864'), fc.array(fc.integer(), { maxLength: 2 }))),
        fc.tuple(fc.constantFrom('fonts', 'sizes', 'b', 'constructor'), tie('themeLike')),
      ),
      { maxLength: 5 },
    )
    .map((kvs) => Object.fromEntries(kvs) as Plain),
}));

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * The merge as specified, checked level by level: every key of either side is there; a key only in
 * the base keeps its value (the same object); a patch value wins unless both sides are mappings,
 * which merge in turn.
 */
function checkMerge(base: Value, patch: Value, out: Value, path = '$'): void {
  if (!isPlain(base) || !isPlain(patch)) {
    expect(out, path).toBe(patch);
    return;
  }
  expect(isPlain(out), path).toBe(true);
  const o = out as Plain;
  expect(new Set(Object.keys(o)), path).toEqual(new Set([...Object.keys(base), ...Object.keys(patch)]));
  for (const k of Object.keys(o)) {
    if (!own(patch, k)) expect(o[k], `${path}.${k}`).toBe(base[k]);
    else if (!own(base, k)) expect(o[k], `${path}.${k}`).toBe(patch[k]);
    else checkMerge(base[k]!, patch[k]!, o[k]!, `${path}.${k}`);
  }
}

describe('mergeTheme (property, issue 10)', () => {
  it('merging with {} or undefined changes nothing', () => {
    fc.assert(
      fc.property(mapping, (m) => {
        expect(mergeTheme(m, {})).toEqual(m);
        expect(mergeTheme(m, undefined)).toBe(m);
        expect(mergeTheme({}, m)).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  it('patch keys win, untouched keys stay, nested mappings merge, anything else replaces', () => {
    fc.assert(
      fc.property(mapping, mapping, (base, patch) => {
        checkMerge(base, patch, mergeTheme(base, patch));
      }),
      { numRuns: 500 },
    );
  });

  it('replaces rather than merges arrays and null, on either side', () => {
    fc.assert(
      fc.property(value, fc.oneof(fc.array(value, { maxLength: 3 }), fc.constant(null)), (v, nonPlain) => {
        expect(mergeTheme(v, nonPlain)).toBe(nonPlain);
        expect(mergeTheme(nonPlain, v)).toBe(v);
      }),
      { numRuns: 300 },
    );
  });

  it('changes neither input', () => {
    fc.assert(
      fc.property(mapping, mapping, (base, patch) => {
        const before = structuredClone([base, patch]);
        mergeTheme(base, patch);
        expect([base, patch]).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('is associative for theme-shaped values: a merge of merges does not depend on grouping', () => {
    // as in a validated theme, a key holds a mapping in every layer or in none
    fc.assert(
      fc.property(themeLike, themeLike, themeLike, (a, b, c) => {
        expect(mergeTheme(mergeTheme(a, b), c)).toEqual(mergeTheme(a, mergeTheme(b, c)));
      }),
      { numRuns: 500 },
    );
  });

  it('is not associative when a middle layer puts a scalar where the others have a mapping', () => {
    // the scalar resets the mapping under it; themes are merged left to right, so the left grouping is the one that counts
    const a = { color: { fonts: 'Calibri' } };
    const b = { color: 0 };
    const c = { color: {} };
    expect(mergeTheme(mergeTheme(a, b), c)).toEqual({ color: {} });
    expect(mergeTheme(a, mergeTheme(b, c))).toEqual({ color: { fonts: 'Calibri' } });
  });
});
