import { matches, SLIDE_LIKE, type PartDefect } from './types.js';

const EMPTY = /<a:ln><\/a:ln>|<a:ln\/>/g;

/** An empty a:ln (PptxGenJS PR #1642 lists it as a repair trigger): say "no line" explicitly. */
export const emptyLine: PartDefect = {
  id: 'empty-line',
  parts: SLIDE_LIKE,
  detect: (part, xml) => matches(part, xml, EMPTY, 'empty-line', () => 'empty a:ln; PowerPoint may repair it (say a:noFill for no line)'),
  fix: (xml) => xml.replace(EMPTY, '<a:ln><a:noFill/></a:ln>'),
};
