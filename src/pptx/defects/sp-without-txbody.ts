import { matches, SLIDE_LIKE, type PartDefect } from './types.js';

const SP = /<p:sp>([\s\S]*?)<\/p:sp>/g;
// the notes slide image placeholder has no text in PowerPoint's own files either
const fine = (inner: string) => inner.includes('<p:txBody>') || inner.includes('<p:ph type="sldImg"');

/** PptxGenJS #1441: a p:sp with no p:txBody (shapes without text); PowerPoint adds one on repair. */
export const spWithoutTxBody: PartDefect = {
  id: 'sp-without-txbody',
  parts: SLIDE_LIKE,
  detect: (part, xml) => matches(part, xml, SP, 'sp-without-txbody', (m) => (fine(m[1]!) ? undefined : 'p:sp has no p:txBody; PowerPoint adds one on repair (PptxGenJS #1441)')),
  fix: (xml) => xml.replace(SP, (m, inner: string) => (fine(inner) ? m : `<p:sp>${inner}<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr dirty="0"/></a:p></p:txBody></p:sp>`)),
};
