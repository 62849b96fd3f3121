import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseContent } from '../src/content/parse.js';
import { BriefdeckError, type Problem } from '../src/base/errors.js';
import { cli, SEED, tempDir } from './helpers/env.js';

function problems(yaml: string, file = 'data/x.yaml'): Problem[] {
  try {
    parseContent(yaml, file);
  } catch (e) {
    if ((e instanceof BriefdeckError && e.problems.length > 0)) return [...e.problems];
    throw e;
  }
  throw new Error('expected a ContentError');
}

const base = `deck:
  title: Visit
sections:
  - title: One
`;

describe('content parsing', () => {
  it('accepts the seed content', () => {
    const { model } = parseContent(readFileSync(SEED, 'utf8'), SEED);
    expect(model.sections).toHaveLength(4);
    expect(model.sections.flatMap((s) => s.tables ?? [])).toHaveLength(3);
    expect(model.deck.date).toMatch(/not given/i);
  });

  it('accepts the full contract shape', () => {
    const { model } = parseContent(
      `deck: {title: T, subtitle: S, date: "2025-11-01", organization: O, classification: UNCLASSIFIED}
sections:
  - title: A
    summary: P
    bullets: [one, {text: two, sub: [a, b]}]
    tables: [{title: X, columns: [a, b], rows: [[1, x], [y, 2.5]], note: N}]
    notes: speak
sources: [{title: t, publisher: p, url: "https://example.org", date: d}]
`,
      'f.yaml',
    );
    expect(model.sections[0]!.tables![0]!.rows[1]).toEqual(['y', 2.5]);
  });

  it('reports a row of the wrong width at the row, with file:line:col and path', () => {
    const p = problems(`${base}    tables:
      - columns: [a, b, c]
        rows:
          - [1, 2, 3]
          - [1, 2, 3]
          - [1, 2, 3, 4]
`);
    expect(p).toEqual([
      { file: 'data/x.yaml', line: 10, col: 13, path: 'sections[0].tables[0].rows[2]', message: 'expected 3 cells, like the columns, got 4' },
    ]);
  });

  it('suggests the right key for a misspelt one', () => {
    const p = problems(`${base}    tabels: []\n`);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ line: 5, col: 5, path: 'sections[0].tabels' });
    expect(p[0]!.message).toBe('unknown key `tabels`; did you mean `tables`?');
  });

  it('collects every problem at once, in file order', () => {
    const p = problems(`deck:
  titel: Visit
sections:
  - title: 3
    bullets: [ok, 7]
  - summary: no title
`);
    expect(p.map((x) => `${x.line}:${x.col} ${x.path}: ${x.message}`)).toEqual([
      '1:1 deck.title: missing required key `title` (a string)',
      '2:3 deck.titel: unknown key `titel`; did you mean `title`?',
      '4:12 sections[0].title: expected a string, got a number',
      '5:19 sections[0].bullets[1]: expected a string, or a mapping with `text` and optional `sub`, got a number',
      '6:5 sections[1].title: missing required key `title` (a string)',
    ]);
  });

  it('gives YAML syntax errors the same form', () => {
    const p = problems('deck:\n  title: "unclosed\nsections: []\n');
    expect(p[0]!.file).toBe('data/x.yaml');
    expect(p[0]!.line).toBeGreaterThan(0);
    expect(p[0]!.message).toMatch(/^YAML syntax: /);
  });

  it('rejects duplicate keys and empty files', () => {
    expect(problems('deck:\n  title: a\n  title: b\nsections: [{title: x}]\n')[0]).toMatchObject({ line: 3, col: 3 });
    expect(problems('')[0]!.message).toMatch(/empty/);
  });

  it('requires at least one section', () => {
    expect(problems('deck: {title: a}\nsections: []\n')[0]).toMatchObject({ path: 'sections', message: 'needs at least one section' });
  });
});

describe('validate and build on bad input', () => {
  it('validate exits non-zero and prints file:line:col: path: message', async () => {
    const dir = tempDir();
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, `${base}    tables:\n      - columns: [a, b]\n        rows: [[1, 2, 3]]\n`);
    const r = await cli('validate', f);
    expect(r.code).toBe(3);
    expect(r.err.join('\n')).toMatch(/bad\.yaml:7:16: sections\[0\]\.tables\[0\]\.rows\[0\]: expected 2 cells, like the columns, got 3/);
  });

  it('build writes no output file for invalid content', async () => {
    const dir = tempDir();
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, `${base}    tabels: []\n`);
    const r = await cli('build', f, '-o', dir);
    expect(r.code).toBe(3);
    expect(r.err.join('\n')).toContain('did you mean `tables`?');
    expect(existsSync(join(dir, 'bad.pptx'))).toBe(false);
  });

  it('a missing file is a clear error, not a crash', async () => {
    const r = await cli('validate', 'no/such/file.yaml');
    expect(r.code).toBe(3);
    expect(r.err[0]).toBe('error: no/such/file.yaml: no such file (check the path)');
  });
});
