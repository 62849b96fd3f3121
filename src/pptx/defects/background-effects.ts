import { matches, SLIDE_LIKE, type PartDefect } from './types.js';

const BG = /<p:bgPr>([\s\S]*?)<\/p:bgPr>/g;
const has = (inner: string) => /<a:effect(Lst|Dag)/.test(inner);

/** PptxGenJS #1442: a solid background fill with no a:effectLst; PowerPoint adds one on repair. */
export const backgroundEffects: PartDefect = {
  id: 'background-effects',
  parts: SLIDE_LIKE,
  detect: (part, xml) => matches(part, xml, BG, 'background-effects', (m) => (has(m[1]!) ? undefined : 'p:bgPr has no a:effectLst; PowerPoint adds one on repair (PptxGenJS #1442)')),
  fix: (xml) => xml.replace(BG, (m, inner: string) => (has(inner) ? m : `<p:bgPr>${inner}<a:effectLst/></p:bgPr>`)),
};
