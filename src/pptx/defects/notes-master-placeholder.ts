import { matches, type PartDefect } from './types.js';

/** PptxGenJS #1443: PowerPoint deletes every placeholder shape of the notes master on repair; write none (as upstream PR #1458). */
export const notesMasterPlaceholder: PartDefect = {
  id: 'notes-master-placeholder',
  parts: /^ppt\/notesMasters\/[^/]+\.xml$/,
  detect: (part, xml) => matches(part, xml, /<p:ph type="([a-zA-Z]+)"/, 'notes-master-placeholder', (m) => `notes master placeholder "${m[1]}"; PowerPoint deletes these on repair (PptxGenJS #1443)`),
  fix: (xml) => xml.replace(/<p:sp>[\s\S]*?<\/p:sp>/g, '').replace(/<p:extLst>[\s\S]*?<\/p:extLst>/g, ''),
};
