import { xmlIllegal, XML_ILLEGAL_SOURCE } from '../../base/unicode.js';
import { ANY_XML, lineAt, type DeckProblem, type PartDefect } from './types.js';

// raw, or as a character reference
const DETECT = new RegExp(`${XML_ILLEGAL_SOURCE}|&#(?:x0*([0-8bcefBCEF]|1[0-9a-fA-F])|0*([0-8]|1[1-24-9]|2[0-9]|3[01]));`, 'g');

/** Characters XML 1.0 forbids: PowerPoint asks to repair, LibreOffice drops the slide's content. Content stripping should already have removed them. */
export const illegalCharacter: PartDefect = {
  id: 'illegal-character',
  parts: ANY_XML,
  detect(part, xml) {
    const out: DeckProblem[] = [];
    for (const m of xml.matchAll(DETECT)) {
      const cp = m[0].startsWith('&#') ? (m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2])) : m[0].charCodeAt(0);
      out.push({
        part,
        line: lineAt(xml, m.index ?? 0),
        rule: 'illegal-character',
        message: `XML-illegal character U+${cp.toString(16).toUpperCase().padStart(4, '0')}; PowerPoint asks to repair and LibreOffice drops the slide's content`,
      });
    }
    return out;
  },
  fix: (xml) => xml.replace(xmlIllegal(), ''),
};
