import type { Package } from '../package.js';
import type { EastAsian } from '../../base/unicode.js';

/** One finding of `check`: a part, a line in it when known, and what is wrong. */
export interface DeckProblem {
  part: string;
  line?: number;
  rule: string;
  message: string;
  /** Set for accessibility findings (rules `a11y-…`), which are not package problems. */
  class?: 'accessibility';
}

/** What the fixes may need to know of the deck being conformed. */
export interface ConformOptions {
  /** East Asian font by script, for runs in Korean, Japanese or Chinese. */
  eaFonts: Record<EastAsian, string>;
  /** The intended `Company` property (pptxgenjs writes it unescaped). */
  company?: string;
  /** Document created/modified time; never the wall clock. */
  date: Date;
}

/**
 * A known defect of pptxgenjs output that one part shows on its own: its detector (for `check`) and
 * its fix (for conform) side by side, so dropping it once upstream fixes it is one file.
 */
export interface PartDefect {
  /** The rule name `check` reports. */
  id: string;
  /** Which parts it can occur in. */
  parts: RegExp;
  detect(part: string, xml: string): DeckProblem[];
  /** The part's text, fixed. It may read only `opts.eaFonts`: conform reuses fixed parts by text and fonts. */
  fix(xml: string, opts: ConformOptions): string;
}

/** A defect that spans parts (content types, relationships, properties): detector and fix. */
export interface PackageDefect {
  id: string;
  detect(pkg: Package): DeckProblem[];
  fix(pkg: Package, opts: ConformOptions): void;
}

/** Slides, layouts, masters and notes: the parts holding shapes. */
export const SLIDE_LIKE = /^ppt\/(slides|slideLayouts|slideMasters|notesSlides|notesMasters)\/[^/]+\.xml$/;
export const ANY_XML = /\.(xml|rels)$/;

export const lineAt = (xml: string, offset: number): number => {
  let line = 1;
  for (let i = 0; i < offset && i < xml.length; i++) if (xml.charCodeAt(i) === 10) line++;
  return line;
};

/** A problem for each match of `re` in a part for which `message` says what is wrong. */
export function matches(part: string, xml: string, re: RegExp, rule: string, message: (m: RegExpExecArray) => string | undefined): DeckProblem[] {
  const out: DeckProblem[] = [];
  for (const m of xml.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))) {
    const msg = message(m as RegExpExecArray);
    if (msg) out.push({ part, line: lineAt(xml, m.index ?? 0), rule, message: msg });
  }
  return out;
}

export const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const CONTENT_TYPES = '[Content_Types].xml';
export const ext = (name: string): string => name.slice(name.lastIndexOf('.') + 1).toLowerCase();
