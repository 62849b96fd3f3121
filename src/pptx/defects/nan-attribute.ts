import { matches, type PartDefect } from './types.js';

/** PptxGenJS #1440: NaN attribute values (cell margins and others): drop the attribute, so the default applies. */
export const nanAttribute: PartDefect = {
  id: 'nan-attribute',
  parts: /\.xml$/,
  detect: (part, xml) => matches(part, xml, / ([a-zA-Z:]+)="(NaN|-?Infinity|undefined)"/, 'nan-attribute', (m) => `attribute ${m[1]}="${m[2]}" is not a number (PptxGenJS #1440)`),
  fix: (xml) => xml.replace(/ (?:[a-zA-Z:]+)="(?:NaN|-?Infinity|undefined)"/g, ''),
};
