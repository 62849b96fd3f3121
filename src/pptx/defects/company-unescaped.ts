import { escapeXml, lineAt, type PackageDefect } from './types.js';

const APP = 'docProps/app.xml';
const COMPANY = /<Company>([\s\S]*?)<\/Company>/;

/** PptxGenJS #1427: docProps/app.xml writes Company unescaped, so "A & B" makes the part malformed. */
export const companyUnescaped: PackageDefect = {
  id: 'company-unescaped',
  detect(pkg) {
    if (!pkg.has(APP)) return [];
    const xml = pkg.xml(APP);
    const m = COMPANY.exec(xml);
    if (!m || !/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)|</.test(m[1]!)) return [];
    return [{ part: APP, line: lineAt(xml, m.index), rule: 'company-unescaped', message: 'Company holds an unescaped "&" or "<" (PptxGenJS #1427)' }];
  },
  fix(pkg, { company }) {
    if (!pkg.has(APP)) return;
    pkg.setXml(APP, pkg.xml(APP).replace(COMPANY, `<Company>${escapeXml(company ?? '')}</Company>`));
  },
};
