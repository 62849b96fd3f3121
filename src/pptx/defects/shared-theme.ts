import { CONTENT_TYPES, type PackageDefect } from './types.js';

const NM_RELS = 'ppt/notesMasters/_rels/notesMaster1.xml.rels';
const SM_RELS = 'ppt/slideMasters/_rels/slideMaster1.xml.rels';
const themeOf = (rels: string) => /Target="([^"]*theme[^"]*)"/.exec(rels)?.[1];

/** PptxGenJS #1449: the notes master shares the slide master's theme part; PowerPoint gives it a theme of its own. */
export const sharedTheme: PackageDefect = {
  id: 'shared-theme',
  detect(pkg) {
    if (!pkg.has(NM_RELS) || !pkg.has(SM_RELS)) return [];
    const t = themeOf(pkg.xml(NM_RELS));
    return t && t === themeOf(pkg.xml(SM_RELS)) ? [{ part: NM_RELS, rule: 'shared-theme', message: `notes master shares ${t} with the slide master; PowerPoint gives it its own (PptxGenJS #1449)` }] : [];
  },
  fix(pkg) {
    if (!pkg.has(NM_RELS) || !pkg.has('ppt/theme/theme1.xml') || pkg.has('ppt/theme/theme2.xml')) return;
    const xml = pkg.xml(NM_RELS);
    if (!xml.includes('Target="../theme/theme1.xml"')) return;
    pkg.setXml('ppt/theme/theme2.xml', pkg.xml('ppt/theme/theme1.xml'));
    pkg.setXml(NM_RELS, xml.replace('Target="../theme/theme1.xml"', 'Target="../theme/theme2.xml"'));
    pkg.setXml(
      CONTENT_TYPES,
      pkg.xml(CONTENT_TYPES).replace('</Types>', '<Override PartName="/ppt/theme/theme2.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/></Types>'),
    );
  },
};
