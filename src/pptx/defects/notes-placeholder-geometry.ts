import { matches, type PartDefect } from './types.js';

// The notes page pptxgenjs 4.0.1 declares (notesSz 7.5 × 13.333 in), in EMU: the slide image across
// the top, 16:9, and the notes below it.
const SLIDE_IMAGE = '<a:xfrm><a:off x="457200" y="685800"/><a:ext cx="5943600" cy="3343275"/></a:xfrm>';
const NOTES_BODY = '<a:xfrm><a:off x="685800" y="4343400"/><a:ext cx="5486400" cy="6858000"/></a:xfrm>';

const SP = /<p:sp>([\s\S]*?)<\/p:sp>/g;
const which = (inner: string) => (inner.includes('<p:ph type="sldImg"') ? SLIDE_IMAGE : /<p:ph type="body"/.test(inner) ? NOTES_BODY : undefined);

/**
 * A notes slide's slide image and notes placeholders have no geometry of their own and inherit it
 * from the notes master, whose placeholders the notes-master-placeholder fix removes (PowerPoint
 * deletes them on repair). Without geometry LibreOffice draws notes pages blank; give each its box.
 */
export const notesPlaceholderGeometry: PartDefect = {
  id: 'notes-placeholder-geometry',
  parts: /^ppt\/notesSlides\/[^/]+\.xml$/,
  detect: (part, xml) => matches(part, xml, SP, 'notes-placeholder-geometry', (m) => (which(m[1]!) && m[1]!.includes('<p:spPr/>') ? 'notes placeholder without geometry; its notes master has none to give, and notes pages come out blank' : undefined)),
  fix: (xml) =>
    xml.replace(SP, (m, inner: string) => {
      const xfrm = which(inner);
      return xfrm && inner.includes('<p:spPr/>') ? `<p:sp>${inner.replace('<p:spPr/>', `<p:spPr>${xfrm}</p:spPr>`)}</p:sp>` : m;
    }),
};
