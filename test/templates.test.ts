import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, SEED, tempDir } from './helpers/env.js';

/** A template root that overrides one file on top of the built-in set. */
function overrideRoot(rel: string, source: string): string {
  const dir = tempDir('tpl-');
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), source);
  return dir;
}

describe('template errors name the template', () => {
  it('an unknown variable names the file, line and variable', async () => {
    const root = overrideRoot('layouts/agenda.hbs', '<slide>\n  <text x="1" y="1" w="2" h="1">{{deck.titel}}</text>\n</slide>\n');
    const r = await cli('build', SEED, '-o', tempDir(), '-t', root);
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(/^error: .*layouts\/agenda\.hbs:2:\d+: unknown variable "titel" \(while rendering layout "agenda" for the agenda\)$/);
  });

  it('an unknown helper is an error at compile time', async () => {
    const root = overrideRoot('partials/footer.hbs', '\n{{shout footer}}\n');
    const r = await cli('build', SEED, '-o', tempDir(), '-t', root);
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(/partials\/footer\.hbs:2:\d+: unknown helper "shout"/);
  });

  it('an unknown partial names the template', async () => {
    const root = overrideRoot('layouts/sources.hbs', '<slide>{{> nosuch}}</slide>');
    const r = await cli('build', SEED, '-o', tempDir(), '-t', root);
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(/layouts\/sources\.hbs: unknown partial "nosuch"/);
  });

  it('invalid slide markup names the template and the markup line', async () => {
    const root = overrideRoot('layouts/agenda.hbs', '<slide>\n<text x="1" y="1" w="2" h="1">ok</text>\n<txet x="1"/>\n</slide>\n');
    const r = await cli('build', SEED, '-o', tempDir(), '-t', root);
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(/layouts\/agenda\.hbs: invalid slide markup from the agenda: <txet> is not a slide element.*\(line 3 of the rendered markup\)/);
  });

  it('a bad attribute value is reported with the element', async () => {
    const root = overrideRoot('layouts/agenda.hbs', '<slide><text x="left" y="1" w="2" h="1">ok</text></slide>');
    const r = await cli('build', SEED, '-o', tempDir(), '-t', root);
    expect(r.err[0]).toMatch(/<text> attribute `x` must be a number, got "left"/);
  });

  it('a section layout that does not exist points at the content', async () => {
    const dir = tempDir();
    const f = join(dir, 'c.yaml');
    writeFileSync(f, 'deck: {title: T}\nsections:\n  - title: A\n    layout: two-column\n    summary: x\n');
    const r = await cli('build', f, '-o', dir);
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(/c\.yaml:3:5: no layout "two-column" in template set "briefing"/);
  });
});
