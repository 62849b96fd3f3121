import { matches, SLIDE_LIKE, type PartDefect } from './types.js';

/** Table cells with anchor="mid": ST_TextAnchoringType has ctr, not mid. */
export const cellAnchorMid: PartDefect = {
  id: 'cell-anchor-mid',
  parts: SLIDE_LIKE,
  detect: (part, xml) => matches(part, xml, /<a:tcPr[^>]* anchor="mid"/, 'cell-anchor-mid', () => 'table cell anchor="mid" is not a valid anchor; use "ctr"'),
  fix: (xml) => xml.replace(/(<a:tcPr[^>]*?) anchor="mid"/g, '$1 anchor="ctr"'),
};
