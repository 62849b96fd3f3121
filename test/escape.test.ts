import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers/env.js';
import { openDeck } from './helpers/pptx.js';

const NASTY = ['a < b', 'c > d', 'R&D', 'say "hi"', "it's", '{{x}}', '</slide>', '<text x="0">', '시진핑', '习近平', '`=`'];

describe('content is escaped by construction', () => {
  it('finds every hostile string verbatim in the slide XML', async () => {
    const dir = tempDir();
    const file = join(dir, 'nasty.yaml');
    const q = (s: string) => JSON.stringify(s);
    writeFileSync(
      file,
      `deck:
  title: ${q(NASTY.join(' '))}
  subtitle: ${q('</slide><slide>')}
  classification: ${q('R&D <internal>')}
sections:
  - title: ${q('Title {{deck.title}} </text>')}
    summary: ${q(NASTY.join(' | '))}
    bullets: [${NASTY.map(q).join(', ')}]
    tables:
      - title: ${q('T & "q"')}
        columns: [${q('<th>')}, ${q('&amp;')}]
        rows: [[${q('</td></tr>')}, ${q('시진핑 习近平')}]]
        note: ${q('{{{raw}}}')}
    notes: ${q('notes <b>bold</b> & {{x}}')}
`,
    );
    const r = await cli('build', file, '-o', dir);
    expect(r.code, r.err.join('\n')).toBe(0);
    const deck = await openDeck(join(dir, 'nasty.pptx'));
    const texts = deck.slides.flatMap((s) => s.shown);
    for (const s of NASTY) expect(texts, s).toContain(s);
    expect(texts).toContain('</slide><slide>');
    expect(texts).toContain('R&D <INTERNAL>');
    expect(texts).toContain('Title {{deck.title}} </text>');
    expect(texts).toContain('&amp;');
    expect(texts).toContain('{{{raw}}}');
    expect(deck.slides.flatMap((s) => s.tables)).toEqual([[['<th>', '&amp;'], ['</td></tr>', '시진핑 习近平']]]);
    expect(deck.slides[2]!.notes).toBe('notes <b>bold</b> & {{x}}');
    // and the raw XML holds them only as entities
    expect(deck.slides[2]!.xml).toContain('&lt;/slide&gt;');
  });
});
