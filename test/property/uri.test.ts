import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uriOf } from '../../src/pptx/engine.js';

/** What a relationship's target may hold: RFC 3986's unreserved and reserved characters, and escapes. */
const URI = /^(?:[A-Za-z0-9\-._~:/?#@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

describe('uriOf: a link as a URI', () => {
  it('is a URI, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom('\uD800', '\uDFFF', '%', '[', ' '), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }), (s) => {
        expect(uriOf(s)).toMatch(URI);
      }),
    );
  });

  it('is the same address: decoded, it is the text again (texts without "%" and lone surrogates)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('%')),
        (s) => {
          expect(decodeURI(uriOf(s))).toBe(s);
        },
      ),
    );
  });

  it('leaves a URI as it is', () => {
    for (const u of ['https://www.reuters.com/world/x-2025-11-01/?a=1&b=2#top', 'mailto:desk@example.org', 'https://example.com/a%20b']) expect(uriOf(u)).toBe(u);
  });
});
