import { CONTENT_TYPES, ext, lineAt, type DeckProblem, type PackageDefect } from './types.js';

/** PptxGenJS #1449: Default content types for media types that no part uses. */
export const unusedDefault: PackageDefect = {
  id: 'unused-default',
  detect(pkg) {
    if (!pkg.has(CONTENT_TYPES)) return [];
    const ct = pkg.xml(CONTENT_TYPES);
    const used = new Set(pkg.allNames().map(ext));
    const out: DeckProblem[] = [];
    for (const m of ct.matchAll(/<Default Extension="([^"]+)"/g)) {
      if (!used.has(m[1]!.toLowerCase())) out.push({ part: CONTENT_TYPES, line: lineAt(ct, m.index ?? 0), rule: 'unused-default', message: `content-type default for .${m[1]}, which no part uses (PptxGenJS #1449)` });
    }
    return out;
  },
  fix(pkg) {
    const used = new Set(pkg.allNames().map(ext));
    pkg.setXml(
      CONTENT_TYPES,
      pkg.xml(CONTENT_TYPES).replace(/<Default Extension="([^"]+)"[^>]*\/>/g, (m, e: string) => (used.has(e.toLowerCase()) ? m : '')),
    );
  },
};
