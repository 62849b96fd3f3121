import { lineAt, type PackageDefect } from './types.js';

const PRESENTATION = 'ppt/presentation.xml';
const NOTES = /<p:notesMasterIdLst>[\s\S]*?<\/p:notesMasterIdLst>/;

/** ECMA-376 order in p:presentation is sldMasterIdLst, notesMasterIdLst, handoutMasterIdLst, sldIdLst…; pptxgenjs writes the notes master list late. */
export const presentationOrder: PackageDefect = {
  id: 'presentation-order',
  detect(pkg) {
    if (!pkg.has(PRESENTATION)) return [];
    const xml = pkg.xml(PRESENTATION);
    const notes = NOTES.exec(xml);
    const slides = xml.indexOf('<p:sldIdLst');
    if (!notes || slides < 0 || notes.index < slides) return [];
    return [{ part: PRESENTATION, line: lineAt(xml, notes.index), rule: 'presentation-order', message: 'p:notesMasterIdLst comes after p:sldIdLst; ECMA-376 puts it right after p:sldMasterIdLst' }];
  },
  fix(pkg) {
    if (!pkg.has(PRESENTATION)) return;
    let xml = pkg.xml(PRESENTATION);
    const notes = NOTES.exec(xml)?.[0];
    if (!notes) return;
    xml = xml.replace(notes, '');
    xml = xml.replace(/(<\/p:sldMasterIdLst>)/, `$1${notes}`);
    pkg.setXml(PRESENTATION, xml);
  },
};
