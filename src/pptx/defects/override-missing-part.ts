import { CONTENT_TYPES, lineAt, type DeckProblem, type PackageDefect } from './types.js';

/** PptxGenJS #1444: one slideMasterN override per slide, but only slideMaster1.xml exists. */
export const overrideMissingPart: PackageDefect = {
  id: 'override-missing-part',
  detect(pkg) {
    if (!pkg.has(CONTENT_TYPES)) return [];
    const ct = pkg.xml(CONTENT_TYPES);
    const out: DeckProblem[] = [];
    for (const m of ct.matchAll(/<Override PartName="\/([^"]+)"/g)) {
      if (!pkg.has(m[1]!)) out.push({ part: CONTENT_TYPES, line: lineAt(ct, m.index ?? 0), rule: 'override-missing-part', message: `override names /${m[1]}, which does not exist (PptxGenJS #1444)` });
    }
    return out;
  },
  fix(pkg) {
    pkg.setXml(
      CONTENT_TYPES,
      pkg.xml(CONTENT_TYPES).replace(/<Override PartName="\/([^"]+)"[^>]*\/>/g, (m, part: string) => (pkg.has(part) ? m : '')),
    );
  },
};
