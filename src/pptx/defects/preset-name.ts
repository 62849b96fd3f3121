import { matches, SLIDE_LIKE, type PartDefect } from './types.js';

const RENAMED: Record<string, string> = { oval: 'ellipse', roundedRectangle: 'roundRect' };

/** PptxGenJS #1449: preset names that are not in ST_ShapeType. */
export const presetName: PartDefect = {
  id: 'preset-name',
  parts: SLIDE_LIKE,
  detect: (part, xml) => matches(part, xml, /prst="(oval|roundedRectangle)"/, 'preset-name', (m) => `prst="${m[1]}" is not a preset shape (PptxGenJS #1449)`),
  fix: (xml) => xml.replace(/prst="(oval|roundedRectangle)"/g, (_, name: string) => `prst="${RENAMED[name]!}"`),
};
