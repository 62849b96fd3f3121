/**
 * Accessibility findings of `briefdeck check`, a class of their own: what PowerPoint's
 * Accessibility Checker and WCAG AA ask of a deck, read from any .pptx's XML.
 */
import { contrastRatio, requiredContrast } from '../theme/contrast.js';
import { lineAt, type DeckProblem } from './defects/types.js';
import type { Package } from './package.js';

const SHAPE = /<p:(sp|pic|graphicFrame)>([\s\S]*?)<\/p:\1>/g;
const SLIDE = /^ppt\/slides\/slide\d+\.xml$/;

const find = (part: string, xml: string, at: number, rule: string, message: string): DeckProblem => ({ part, line: lineAt(xml, at), rule, message, class: 'accessibility' });

/** The first solid fill of a background or shape properties element. */
const solidOf = (xml: string | undefined) => (xml ? /<a:solidFill><a:srgbClr val="([0-9A-Fa-f]{6})"/.exec(xml)?.[1]?.toUpperCase() : undefined);

function background(xml: string): string | undefined {
  return solidOf(/<p:bg>([\s\S]*?)<\/p:bg>/.exec(xml)?.[1]);
}

/** Each run's colour, size and boldness against the fill behind it, where both are explicit. */
function contrastFindings(part: string, xml: string, fill: string, at: number, inner: string): DeckProblem[] {
  const out: DeckProblem[] = [];
  for (const r of inner.matchAll(/<a:r><a:rPr([^>]*)>([\s\S]*?)<\/a:rPr><a:t>([^<]*)<\/a:t><\/a:r>/g)) {
    if (!r[3]!.trim()) continue;
    const color = solidOf(r[2]);
    if (!color) continue;
    const size = Number(/ sz="(\d+)"/.exec(r[1]!)?.[1] ?? 1800) / 100;
    const bold = / b="1"/.test(r[1]!);
    const ratio = contrastRatio(color, fill);
    const need = requiredContrast(size, bold);
    if (ratio + 1e-9 < need) {
      out.push(find(part, xml, at, 'a11y-contrast', `text "${r[3]!.slice(0, 30)}" is ${color} on ${fill}, a contrast of ${ratio.toFixed(2)}:1; ${size} pt${bold ? ' bold' : ''} needs ${need}:1`));
      break;
    }
  }
  return out;
}

interface Filled {
  x: number;
  y: number;
  w: number;
  h: number;
  fill: string;
}

const boxOf = (inner: string) => {
  const m = /<a:off x="(-?\d+)" y="(-?\d+)"\/><a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(inner);
  return m ? { x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]) } : undefined;
};

/** Shapes with a solid fill of their own, in drawing order: what text drawn later may sit on. */
function filledShapes(xml: string): Filled[] {
  return [...xml.matchAll(SHAPE)].flatMap((m) => {
    const fill = m[1] === 'sp' ? solidOf(/<p:spPr>([\s\S]*?)<\/p:spPr>/.exec(m[2]!)?.[1]?.replace(/<a:ln[\s\S]*?<\/a:ln>/g, '')) : undefined;
    const box = boxOf(m[2]!);
    return fill && box ? [{ ...box, fill }] : [];
  });
}

/** The fill behind a box: the last filled shape under its centre, else the background. */
function fillBehind(under: readonly Filled[], box: { x: number; y: number; w: number; h: number } | undefined, background: string): string {
  if (!box) return background;
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  for (let i = under.length - 1; i >= 0; i--) {
    const f = under[i]!;
    if (cx >= f.x && cx <= f.x + f.w && cy >= f.y && cy <= f.y + f.h) return f.fill;
  }
  return background;
}

/**
 * Accessibility findings for a slide or layout part. `under` holds the filled shapes of its layout
 * (for a slide), `background` the fill everything sits on.
 */
function partFindings(part: string, xml: string, background: string, under: readonly Filled[] = []): DeckProblem[] {
  const out: DeckProblem[] = [];
  const drawn: Filled[] = [...under];
  const isSlide = SLIDE.test(part);
  const shapes = [...xml.matchAll(SHAPE)];
  if (isSlide) {
    const title = shapes.findIndex((m) => /<p:ph type="(title|ctrTitle)"/.test(m[2]!));
    const t = title >= 0 ? shapes[title]! : undefined;
    if (!t || !/<a:t>[^<]*\S/.test(t[2]!)) out.push(find(part, xml, 0, 'a11y-missing-title', 'the slide has no title placeholder with text: screen readers and the outline cannot name it'));
    else if (title > 0) out.push(find(part, xml, t.index ?? 0, 'a11y-title-order', 'the title is not first in reading order'));
  }
  for (const m of shapes) {
    const [whole, kind, inner] = m as unknown as [string, string, string];
    const at = m.index ?? 0;
    const decorative = inner.includes('adec:decorative');
    if (kind === 'pic' && !decorative && !/\S/.test(/<p:cNvPr [^>]*?descr="([^"]*)"/.exec(inner)?.[1] ?? '')) out.push(find(part, xml, at, 'a11y-picture-alt', 'picture without alt text and not marked decorative'));
    if (kind === 'graphicFrame' && inner.includes('<a:tbl>')) {
      if (!/<a:tblPr[^>]*firstRow="1"/.test(inner)) out.push(find(part, xml, at, 'a11y-table-header', 'table without a header row (firstRow)'));
      const behind = fillBehind(drawn, boxOf(inner), background);
      for (const tc of inner.matchAll(/<a:tc(?: [^>]*)?>([\s\S]*?)<\/a:tc>/g)) {
        // the cell's own fill, not its borders' line fills
        const fill = solidOf(/<a:tcPr[^>]*>([\s\S]*?)<\/a:tcPr>/.exec(tc[1]!)?.[1]?.replace(/<a:ln[LRTB][\s\S]*?<\/a:ln[LRTB]>/g, '')) ?? behind;
        const f = contrastFindings(part, xml, fill, at, tc[1]!);
        if (f.length) {
          out.push(...f);
          break;
        }
      }
    }
    if (kind === 'sp') {
      const spPr = /<p:spPr>([\s\S]*?)<\/p:spPr>/.exec(inner)?.[1]?.replace(/<a:ln[\s\S]*?<\/a:ln>/g, '');
      const own = solidOf(spPr);
      const box = boxOf(inner);
      out.push(...contrastFindings(part, xml, own ?? fillBehind(drawn, box, background), at, whole));
      if (own && box) drawn.push({ ...box, fill: own });
    }
  }
  return out;
}

/**
 * The deck's scheme colours as slides name them (tx1, bg1, accent1…): the master's theme through
 * its colour map. Runs that take their colour from the theme are checked in that colour.
 */
function schemeColors(pkg: Package): Map<string, string> {
  const out = new Map<string, string>();
  const master = 'ppt/slideMasters/slideMaster1.xml';
  const rels = 'ppt/slideMasters/_rels/slideMaster1.xml.rels';
  const target = pkg.has(rels) ? /Target="\.\.\/theme\/([^"]+)"/.exec(pkg.xml(rels))?.[1] : undefined;
  const theme = target && pkg.has(`ppt/theme/${target}`) ? pkg.xml(`ppt/theme/${target}`) : '';
  const clrScheme = /<a:clrScheme [^>]*>([\s\S]*?)<\/a:clrScheme>/.exec(theme)?.[1] ?? '';
  const slots = new Map<string, string>();
  for (const m of clrScheme.matchAll(/<a:(\w+)><a:(?:srgbClr val|sysClr [^>]*?lastClr)="([0-9A-Fa-f]{6})"/g)) slots.set(m[1]!, m[2]!.toUpperCase());
  for (const [k, v] of slots) out.set(k, v);
  const clrMap = pkg.has(master) ? (/<p:clrMap ([^>]*)\/>/.exec(pkg.xml(master))?.[1] ?? '') : '';
  for (const m of clrMap.matchAll(/(\w+)="(\w+)"/g)) {
    const hex = slots.get(m[2]!);
    if (hex) out.set(m[1]!, hex);
  }
  return out;
}

/** A part's plain scheme colours written as the colours they are, for the contrast checks alone (same lines). */
const resolveScheme = (xml: string, scheme: ReadonlyMap<string, string>) =>
  scheme.size ? xml.replace(/<a:schemeClr val="(\w+)"\/>/g, (m, name: string) => (scheme.has(name) ? `<a:srgbClr val="${scheme.get(name)}"/>` : m)) : xml;

export function accessibilityFindings(pkg: Package): DeckProblem[] {
  const out: DeckProblem[] = [];
  const scheme = schemeColors(pkg);
  const read = (part: string) => resolveScheme(pkg.xml(part), scheme);
  const relsOf = (part: string) => part.replace(/([^/]+)$/, '_rels/$1.rels');
  const layoutOf = (part: string) => {
    const rels = relsOf(part);
    const t = pkg.has(rels) ? /Target="\.\.\/slideLayouts\/([^"]+)"/.exec(pkg.xml(rels))?.[1] : undefined;
    return t ? `ppt/slideLayouts/${t}` : undefined;
  };
  const master = pkg.has('ppt/slideMasters/slideMaster1.xml') ? background(read('ppt/slideMasters/slideMaster1.xml')) : undefined;
  for (const part of pkg.names().filter((n) => /^ppt\/slideLayouts\/[^/]+\.xml$/.test(n))) {
    const xml = read(part);
    out.push(...partFindings(part, xml, background(xml) ?? master ?? 'FFFFFF'));
  }
  for (const part of pkg.names().filter((n) => SLIDE.test(n))) {
    const xml = read(part);
    const layout = layoutOf(part);
    const layoutXml = layout && pkg.has(layout) ? read(layout) : '';
    const behind = background(xml) ?? background(layoutXml) ?? master ?? 'FFFFFF';
    out.push(...partFindings(part, xml, behind, background(xml) ? [] : filledShapes(layoutXml)));
  }
  return out;
}
