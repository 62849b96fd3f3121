import { detectEastAsian, LANG, scriptSegments, type EastAsian } from '../../base/unicode.js';
import { escapeXml, matches, SLIDE_LIKE, type PartDefect } from './types.js';

const decodeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-fA-F]+|#\d+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : e === 'amp' ? '&' : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );

const NAMES: Record<EastAsian, string> = { ko: 'Korean', ja: 'Japanese', zh: 'Chinese' };

function eastAsianRPr(open: string, inner: string, script: EastAsian, font: string): string {
  let attrs = open.replace(/ lang="[^"]*"/, '').replace(/ altLang="[^"]*"/, '');
  attrs = attrs.replace('<a:rPr', `<a:rPr lang="${LANG[script]}" altLang="en-US"`);
  let body = inner;
  const ea = `<a:ea typeface="${escapeXml(font)}"/>`;
  if (/<a:ea [^>]*\/>/.test(body)) body = body.replace(/<a:ea [^>]*\/>/, ea);
  else if (/<a:latin [^>]*\/>/.test(body)) body = body.replace(/(<a:latin [^>]*\/>)/, `$1${ea}`);
  else body = body.replace(/(<a:cs |<a:sym |<a:hlinkClick|<a:hlinkMouseOver|<a:rtl|<a:extLst|$)/, `${ea}$1`);
  return `${attrs}>${body}</a:rPr>`;
}

/**
 * Korean, Chinese and Japanese runs need `lang` and an East Asian font, or some viewers show empty
 * boxes; a run mixing scripts is split, so Chinese is not drawn with Korean or Japanese glyph forms.
 */
export const eastAsianRun: PartDefect = {
  id: 'east-asian-run',
  parts: SLIDE_LIKE,
  detect: (part, xml) =>
    matches(part, xml, /<a:r>(<a:rPr[^>]*?(?:\/>|>[\s\S]*?<\/a:rPr>))?<a:t>([^<]*)<\/a:t><\/a:r>/, 'east-asian-run', (m) => {
      const script = detectEastAsian(m[2]!);
      if (!script) return undefined;
      const rPr = m[1] ?? '';
      const lang = /lang="([^"]*)"/.exec(rPr)?.[1] ?? '';
      if (!/^(ko|zh|ja)/.test(lang)) return `run in ${NAMES[script]} has lang="${lang}"; it needs an East Asian lang and ea font or viewers may show empty boxes`;
      if (!/<a:ea typeface="[^"]+"/.test(rPr)) return 'East Asian run has no a:ea font';
      return undefined;
    }),
  fix: (xml, { eaFonts }) =>
    xml.replace(/<a:r>(<a:rPr[^>]*?)(\/>|>([\s\S]*?)<\/a:rPr>)<a:t>([^<]*)<\/a:t><\/a:r>/g, (m, open: string, _c: string, inner: string | undefined, t: string) => {
      const text = decodeXml(t);
      if (!detectEastAsian(text)) return m;
      const original = inner === undefined ? `${open}/>` : `${open}>${inner}</a:rPr>`;
      return scriptSegments(text)
        .map((seg) => `<a:r>${seg.script ? eastAsianRPr(open, inner ?? '', seg.script, eaFonts[seg.script]) : original}<a:t>${escapeXml(seg.text)}</a:t></a:r>`)
        .join('');
    }),
};
