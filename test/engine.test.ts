import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adaptPptxgenSource } from '../src/pptx/engine.js';
import { parseContent } from '../src/content/parse.js';
import { renderDeck, templateSet } from './helpers/session.js';
import { SEED } from './helpers/env.js';

type JSZipClass = typeof import('jszip');
const fromPptxgen = createRequire(createRequire(import.meta.url).resolve('pptxgenjs'));

describe('the pptxgenjs engine (issue 10)', () => {
  it('patches no prototype: another JSZip user in the process sees JSZip as it was', async () => {
    const JSZip = fromPptxgen('jszip') as JSZipClass;
    const before = Object.fromEntries(Object.getOwnPropertyNames(JSZip.prototype).map((k) => [k, (JSZip.prototype as unknown as Record<string, unknown>)[k]]));
    await renderDeck(parseContent(readFileSync(SEED, 'utf8'), SEED), templateSet());
    const after = Object.fromEntries(Object.getOwnPropertyNames(JSZip.prototype).map((k) => [k, (JSZip.prototype as unknown as Record<string, unknown>)[k]]));
    expect(after).toEqual(before);
    // and asking any JSZip for briefdeck's own output type is an error, as it always was
    const zip = new JSZip();
    zip.file('a.txt', 'a');
    await expect(zip.generateAsync({ type: 'briefdeck-parts' as 'nodebuffer' })).rejects.toThrow();
  });

  it('gives pptxgenjs the JSZip it is handed, and refuses a build of another shape', () => {
    const source = readFileSync(fromPptxgen.resolve('pptxgenjs'), 'utf8');
    const adapted = adaptPptxgenSource(source);
    expect(adapted).not.toContain("require('jszip')");
    expect(adapted).not.toMatch(/\bimport\(/);
    expect(() => adaptPptxgenSource(source.replace("var JSZip = require('jszip');", "var JSZip = require('jszip-fork');"))).toThrow(/expected shape/);
  });
});
