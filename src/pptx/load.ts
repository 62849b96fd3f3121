import { createRequire } from 'node:module';

/**
 * pptxgenjs, and the JSZip it zips with (render.ts hooks that very copy). Through require, as its
 * ESM entry does not load under NodeNext. The CLI bundle swaps this module for plain requires, so
 * pptxgenjs is bundled and code-cached with the rest (scripts/bundle.mjs).
 */
export function requirePptxgen(): { PptxGenJS: unknown; JSZip: unknown } {
  const req = createRequire(import.meta.url);
  return { PptxGenJS: req('pptxgenjs'), JSZip: createRequire(req.resolve('pptxgenjs'))('jszip') };
}
