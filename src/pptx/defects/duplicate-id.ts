import { matches, SLIDE_LIKE, type PartDefect } from './types.js';

/** PptxGenJS #1532: a table beside other shapes gives duplicate p:cNvPr ids; number them afresh per part. */
export const duplicateId: PartDefect = {
  id: 'duplicate-id',
  parts: SLIDE_LIKE,
  detect(part, xml) {
    const seen = new Map<string, number>();
    return matches(part, xml, /<p:cNvPr id="([^"]*)"/, 'duplicate-id', (m) => {
      const c = (seen.get(m[1]!) ?? 0) + 1;
      seen.set(m[1]!, c);
      return c === 2 ? `shape id ${m[1]} is used more than once in this part (PptxGenJS #1532)` : undefined;
    });
  },
  fix(xml) {
    let id = 0;
    return xml.replace(/<p:cNvPr id="[^"]*"/g, () => `<p:cNvPr id="${++id}"`);
  },
};
