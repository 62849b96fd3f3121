import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { articleTables } from './helpers/article.js';
import { cli, HAS_PDFTOTEXT, HAS_SOFFICE, requireTool, SEED, tempDir } from './helpers/env.js';
import { pdfPages, pdfText, toPdf } from './helpers/soffice.js';

const enabled = requireTool('LibreOffice (soffice)', HAS_SOFFICE) && requireTool('poppler-utils (pdftotext)', HAS_PDFTOTEXT);
const run = promisify(execFile);
const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe.skipIf(!enabled)('LibreOffice converts the seed deck', () => {
  let pages: string[] = [];
  let count = 0;

  beforeAll(async () => {
    const dir = tempDir();
    const r = await cli('build', SEED, '-o', dir);
    expect(r.code, r.err.join('\n')).toBe(0);
    const pdf = await toPdf(join(dir, 'xi-south-korea-visit.pptx'), dir);
    count = await pdfPages(pdf);
    pages = await pdfText(pdf);
  });

  it('gives one page per slide', () => {
    expect(count).toBe(10);
  });

  it('shows every table cell on its table page', () => {
    const tablePages = [pages[4]!, pages[6]!, pages[8]!];
    articleTables().forEach((t, i) => {
      // -layout keeps columns apart, so a wrapped cell's words are all on the page, in order per column
      const pageWords = new Set(words(tablePages[i]!));
      for (const cell of [...t.columns, ...t.rows.flat()]) {
        for (const w of words(cell)) expect(pageWords, `"${w}" of "${cell}" on page ${[5, 7, 9][i]}`).toContain(w);
      }
    });
  });

  it('shows the title and the banner', () => {
    expect(pages[0]).toContain('President Xi Jinping’s Visit to South Korea');
    for (const p of pages) expect(p).toContain('UNCLASSIFIED');
  });
});

describe.skipIf(!enabled)('LibreOffice shows what the conform stage protects (issue 3)', () => {
  it('renders Korean and Chinese with a CJK font, and a pasted vertical tab does not blank the slide', async () => {
    const dir = tempDir();
    const f = join(dir, 'cjk.yaml');
    writeFileSync(
      f,
      'deck: {title: "시진핑 주석 방한 习近平访问韩国"}\nsections:\n  - title: "Pasted text"\n    summary: "before\\vafter 한국어 요약"\n    bullets: ["中文要点", "한국어 요점"]\n',
    );
    expect((await cli('build', f, '-o', dir)).code).toBe(0);
    const pdf = await toPdf(join(dir, 'cjk.pptx'), dir);
    const text = await pdfText(pdf);
    expect(text[0]).toContain('시진핑 주석 방한');
    expect(text[0]).toContain('习近平访问韩国');
    expect(text[2]).toContain('beforeafter 한국어 요약');
    expect(text[2]).toContain('中文要点');
    expect(text[2]).toContain('한국어 요점');
    const { stdout } = await run('pdffonts', [pdf]);
    expect(stdout).toMatch(/CJK/);
  });
});
