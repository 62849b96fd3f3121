/**
 * The pass that makes a pptxgenjs deck PowerPoint's own, on the package's XML (pptxgenjs stays in
 * engine.ts): the master named after the set, the layouts' title and subtitle placeholders, the
 * slides' titles linked to them (ctrTitle and subTitle on the title slide layout), pictures' alt
 * text, decorative marks on shapes that only decorate.
 *
 * pptxgenjs can define layout placeholders and fill them (`addText(…, { placeholder })`), but a
 * slide's text then takes the layout's options over its own, so the sizes fit chose are lost, and
 * every placeholder a slide leaves empty becomes a "Click to add text" box (PptxGenJS #1453, #640).
 * So the engine draws titles as named text boxes and this pass makes them placeholders. The same
 * goes for a slide's main block (layouts.ts mainBlock): it becomes the layout's body placeholder,
 * which has the template's box and text style, and the slide keeps its fitted box and sizes.
 */
import { createHash } from 'node:crypto';
import { bulletSize } from '../fit/measure.js';
import { BULLET_INDENT, type TableStyle, type TextNode, type TextStyle } from '../layout/types.js';
import type { ThemeScheme } from '../theme/defaults.js';
import { PALETTE_SLOTS, type PaletteSlot } from '../theme/schema.js';
import { escapeXml } from './defects/types.js';
import type { Bodies, Pictures } from './engine.js';
import { layoutPart, type BodyPlaceholder, type DeckLayouts, type LayoutDef } from './layouts.js';
import type { Package } from './package.js';

const EMU = 914400;
const emu = (inches: number) => Math.round(inches * EMU);

/** Office's decorative mark (Alt Text › Mark as decorative): checkers and screen readers skip the shape. */
const DECORATIVE =
  '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext></a:extLst>';

const ANCHOR = { top: 't', middle: 'ctr', bottom: 'b' } as const;
const ALGN = { left: 'l', center: 'ctr', right: 'r' } as const;

type PhType = 'title' | 'ctrTitle' | 'subTitle' | 'body';

/** The body's index: 1, as PowerPoint numbers it, unless the layout's subtitle has that. */
const bodyIdx = (def: LayoutDef) => (def.subtitle ? 2 : 1);

const phXml = (type: PhType, idx = 1) =>
  type === 'subTitle' ? '<p:ph type="subTitle" idx="1"/>' : type === 'body' ? `<p:ph type="body" idx="${idx}"/>` : `<p:ph type="${type}"/>`;

/** The theme's own font where it is the theme's, so a new theme font carries through. */
const typefaceOf = (font: string, theme: ThemeScheme | undefined, heading: boolean) =>
  heading && font === theme?.major ? '+mj-lt' : font === theme?.minor ? '+mn-lt' : font === theme?.major ? '+mj-lt' : font;

/** A level's run defaults: size, weight, colour, font. */
const defRPr = (s: TextStyle, size: number, theme: ThemeScheme | undefined, heading: boolean) =>
  `<a:defRPr sz="${Math.round(size * 100)}" b="${s.bold ? 1 : 0}" i="${s.italic ? 1 : 0}"><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill><a:latin typeface="${escapeXml(typefaceOf(s.font, theme, heading))}"/></a:defRPr>`;

const lnSpc = (s: TextStyle) => `<a:lnSpc><a:spcPct val="${Math.round(s.lineSpacing * 100000)}"/></a:lnSpc>`;

interface PlaceholderShape {
  type: PhType;
  idx?: number;
  id: number;
  name: string;
  box: TextNode['box'];
  fill: string | undefined;
  inset: number;
  anchor: string;
  lstStyle: string;
  prompt: string[];
}

/** A layout's placeholder: the template's box and text style, so "Reset slide" restores its look. */
function placeholderXml(p: PlaceholderShape): string {
  const ins = emu(p.inset);
  const fill = p.fill ? `<a:solidFill><a:srgbClr val="${p.fill}"/></a:solidFill>` : '';
  const paras = p.prompt.map((t, i) => `<a:p>${i ? `<a:pPr lvl="${i}"/>` : ''}<a:r><a:rPr lang="en-US"/><a:t>${t}</a:t></a:r></a:p>`).join('');
  return (
    `<p:sp><p:nvSpPr><p:cNvPr id="${p.id}" name="${escapeXml(p.name)}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>${phXml(p.type, p.idx)}</p:nvPr></p:nvSpPr>` +
    `<p:spPr><a:xfrm><a:off x="${emu(p.box.x)}" y="${emu(p.box.y)}"/><a:ext cx="${emu(p.box.w)}" cy="${emu(p.box.h)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>${fill}</p:spPr>` +
    `<p:txBody><a:bodyPr vert="horz" wrap="square" lIns="${ins}" tIns="${ins}" rIns="${ins}" bIns="${ins}" rtlCol="0" anchor="${p.anchor}"><a:normAutofit/></a:bodyPr>` +
    `<a:lstStyle>${p.lstStyle}</a:lstStyle>${paras}</p:txBody></p:sp>`
  );
}

function titlePlaceholder(n: TextNode, type: PhType, id: number, name: string, prompt: string, theme: ThemeScheme | undefined): string {
  const s = n.style;
  const lstStyle = `<a:lvl1pPr marL="0" indent="0" algn="${ALGN[s.align]}">${lnSpc(s)}<a:buNone/>${defRPr(s, s.size, theme, type !== 'subTitle')}</a:lvl1pPr>`;
  return placeholderXml({ type, id, name, box: n.box, fill: n.fill, inset: n.inset, anchor: ANCHOR[s.valign], lstStyle, prompt: [prompt] });
}

/**
 * The body placeholder: the first two levels as the template's list draws them (hanging indent
 * per level, bullet, space after, the smaller size of a sub-item), or paragraphs without markers.
 */
function bodyPlaceholder(b: BodyPlaceholder, idx: number, theme: ThemeScheme | undefined): string {
  const s = b.style;
  const ind = emu(BULLET_INDENT);
  const spcAft = `<a:spcAft><a:spcPts val="${Math.round(b.spacing * 100)}"/></a:spcAft>`;
  const level = (l: number) =>
    `<a:lvl${l + 1}pPr ${b.bullets ? `marL="${ind * (l + 1)}" indent="${-ind}"` : 'marL="0" indent="0"'} algn="${ALGN[s.align]}">${lnSpc(s)}<a:spcBef><a:spcPts val="0"/></a:spcBef>${spcAft}` +
    // the bullet in the text's font, as in a text box; the master's body style would make it Arial
    `${b.bullets ? '<a:buSzPct val="100000"/><a:buFontTx/><a:buChar char="&#x2022;"/>' : '<a:buNone/>'}${defRPr(s, bulletSize(s.size, l), theme, false)}</a:lvl${l + 1}pPr>`;
  return placeholderXml({
    type: 'body',
    idx,
    id: 902,
    name: 'Body',
    box: b.box,
    fill: b.fill,
    inset: b.inset,
    anchor: ANCHOR[s.valign],
    lstStyle: level(0) + level(1),
    prompt: b.bullets ? ['Click to add text', 'Second level'] : ['Click to add text'],
  });
}

function layoutXml(xml: string, def: LayoutDef, theme: ThemeScheme | undefined): string {
  const phs: string[] = [];
  if (def.title) phs.push(titlePlaceholder(def.title, def.titleSlide ? 'ctrTitle' : 'title', 900, 'Title', 'Click to edit title', theme));
  if (def.subtitle) phs.push(titlePlaceholder(def.subtitle, 'subTitle', 901, 'Subtitle', 'Click to edit subtitle', theme));
  if (def.body) phs.push(bodyPlaceholder(def.body, bodyIdx(def), theme));
  // last in the tree, so in Slide Master view they sit above the title bar they are drawn on
  return xml.replace('</p:spTree>', `${phs.join('')}</p:spTree>`);
}

/** Paragraphs that do not say their space after take none: the body placeholder's is a list's. */
const noSpaceAfter = (shape: string) =>
  shape
    .replace(/<a:pPr([^>]*)\/>/g, '<a:pPr$1><a:spcAft><a:spcPts val="0"/></a:spcAft></a:pPr>')
    .replace(/<a:pPr([^>]*)>([\s\S]*?)<\/a:pPr>/g, (m, attrs: string, inner: string) => {
      if (inner.includes('<a:spcAft>')) return m;
      // after lnSpc and spcBef, as the schema orders a paragraph's properties
      const head = /^(?:<a:lnSpc>[\s\S]*?<\/a:lnSpc>)?(?:<a:spcBef>[\s\S]*?<\/a:spcBef>)?/.exec(inner)![0];
      return `<a:pPr${attrs}>${head}<a:spcAft><a:spcPts val="0"/></a:spcAft>${inner.slice(head.length)}</a:pPr>`;
    });

/**
 * The slide's title, subtitle and main block text boxes become the placeholders of its layout.
 * They keep their own box, fill and fitted sizes, which win over the layout's.
 */
function linkPlaceholders(xml: string, def: LayoutDef, body: string | undefined): string {
  const roles = new Map<string, PhType>();
  if (def.title) roles.set('Title', def.titleSlide ? 'ctrTitle' : 'title');
  if (def.subtitle) roles.set('Subtitle', 'subTitle');
  if (def.body && body !== undefined) roles.set(body, 'body');
  return xml.replace(/<p:sp>[\s\S]*?<\/p:sp>/g, (shape) => {
    const name = unescape(/<p:cNvPr id="\d+" name="([^"]*)"/.exec(shape)?.[1] ?? '');
    const type = roles.get(name);
    if (!type) return shape;
    roles.delete(name);
    const linked = shape.replace(
      /<p:cNvSpPr(?: txBox="1")?(?:\/>|>[\s\S]*?<\/p:cNvSpPr>)<p:nvPr(?:\/>|><\/p:nvPr>)/,
      `<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>${phXml(type, bodyIdx(def))}</p:nvPr>`,
    );
    return type === 'body' && def.body!.spacing > 0 ? noSpaceAfter(linked) : linked;
  });
}

const SHAPE = /<p:sp>[\s\S]*?<\/p:sp>|<p:pic>[\s\S]*?<\/p:pic>/g;

/** Adds the decorative mark to a shape's p:cNvPr. */
const markDecorative = (shape: string) =>
  shape.includes('adec:decorative') ? shape : shape.replace(/<p:cNvPr([^>]*?)(\/>|>([\s\S]*?)<\/p:cNvPr>)/, (_m, attrs: string, _e, inner?: string) => `<p:cNvPr${attrs}>${inner ?? ''}${DECORATIVE}</p:cNvPr>`);

/**
 * Shapes that only decorate (a p:sp with no text that is not a placeholder: bars, rules, banner
 * fills) get the decorative mark; pictures get their alt text, or the mark, never a file path.
 */
function accessibleShapes(xml: string, pictures: Map<string, { alt: string | undefined; decorative: boolean }> | undefined): string {
  return xml.replace(SHAPE, (shape) => {
    if (shape.startsWith('<p:pic>')) {
      const name = /<p:cNvPr id="\d+" name="([^"]*)"/.exec(shape)?.[1] ?? '';
      const info = pictures?.get(unescape(name));
      const withAlt = shape.replace(/(<p:cNvPr id="\d+" name="[^"]*") descr="[^"]*"/, `$1 descr="${escapeXml(info?.alt ?? '')}"`);
      return info?.decorative ? markDecorative(withAlt) : withAlt;
    }
    if (shape.includes('<p:ph ') || /<a:t>[^<]*\S[^<]*<\/a:t>/.test(shape) || /<a:fld /.test(shape)) return shape;
    return markDecorative(shape);
  });
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Scheme colours as a slide names them, through the master's colour map (pptxgenjs's is Office's: tx1 = dk1…), in the order a colour equal to several takes. */
const SCHEME_NAMES: readonly [string, PaletteSlot][] = [
  ['tx1', 'dk1'],
  ['bg1', 'lt1'],
  ['tx2', 'dk2'],
  ['bg2', 'lt2'],
  ['accent1', 'accent1'],
  ['accent2', 'accent2'],
  ['accent3', 'accent3'],
  ['accent4', 'accent4'],
  ['accent5', 'accent5'],
  ['accent6', 'accent6'],
  ['hlink', 'hlink'],
  ['folHlink', 'folHlink'],
];

/**
 * Runs that say the theme's fonts and colours say them as the theme's: `+mj-lt`/`+mn-lt` for a
 * Latin font equal to the heading/body font (heading first in titles), and a scheme colour for a
 * colour equal to one of the palette's. So a theme changed in PowerPoint (Design › Variants, or
 * another font scheme) carries through to the text, as it does in PowerPoint's own decks. The
 * values resolve to the same fonts and colours, so the slides look the same.
 */
function themeRuns(xml: string, t: ThemeScheme): string {
  const scheme = new Map<string, string>();
  for (const [name, slot] of SCHEME_NAMES) if (!scheme.has(t.colors[slot])) scheme.set(t.colors[slot], name);
  const runProps = (part: string, heading: boolean) =>
    part.replace(/<a:(rPr|defRPr|endParaRPr)\b([^>]*?)(\/>|>([\s\S]*?)<\/a:\1>)/g, (m, tag: string, attrs: string, _e: string, inner: string | undefined) => {
      if (inner === undefined) return m;
      const body = inner
        .replace(/<a:solidFill><a:srgbClr val="([0-9A-Fa-f]{6})"\/><\/a:solidFill>/g, (f, hex: string) => {
          const name = scheme.get(hex.toUpperCase());
          return name ? `<a:solidFill><a:schemeClr val="${name}"/></a:solidFill>` : f;
        })
        .replace(/<a:latin typeface="([^"]*)"[^>]*\/>/, (f, face: string) => {
          const theme = typefaceOf(unescape(face), t, heading);
          return theme.startsWith('+') ? `<a:latin typeface="${theme}"/>` : f;
        });
      return `<a:${tag}${attrs}>${body}</a:${tag}>`;
    });
  return xml.replace(/<p:(sp|graphicFrame)>[\s\S]*?<\/p:\1>/g, (shape) => runProps(shape, /<p:ph type="(?:title|ctrTitle)"/.test(shape)));
}

export interface NativeOptions {
  layouts: DeckLayouts;
  pictures: Pictures;
  /** Each slide part's main block, by shape name, for its body placeholder. */
  bodies?: Bodies;
  /** The deck's table style (its first table's), and the slide parts whose tables are banded. */
  tables?: { style: TableStyle; banded: ReadonlySet<string> };
  /** The set's colours and fonts, for the theme part. */
  theme?: ThemeScheme;
  /** Each slide's title, for the document properties' list of slide titles. */
  titles?: readonly string[];
  /** The deck's language (BCP 47) for its Latin runs; pptxgenjs writes en-US everywhere. */
  language?: string;
}

/** The deck's language on every run pptxgenjs marked en-US; conform's East Asian fix then sets Korean, Chinese and Japanese runs per script. */
const withLanguage = (xml: string, lang: string | undefined) => (lang && lang !== 'en-US' ? xml.replace(/ lang="en-US"/g, ` lang="${lang}"`) : xml);

/** docProps/app.xml lists the theme and each slide by title, as PowerPoint writes it, not "Slide 1". */
function appProperties(xml: string, master: string, titles: readonly string[]): string {
  return xml.replace('<vt:lpstr>Office Theme</vt:lpstr>', `<vt:lpstr>${escapeXml(master)}</vt:lpstr>`).replace(/<vt:lpstr>Slide (\d+)<\/vt:lpstr>/g, (m, n: string) => {
    const t = titles[Number(n) - 1];
    return t ? `<vt:lpstr>${escapeXml(t)}</vt:lpstr>` : m;
  });
}

/**
 * The theme part with the set's colour and font schemes, named after it: Design › Variants,
 * shapes and charts a user inserts, and the theme fonts (+mj-lt, +mn-lt) all follow the set.
 */
function themeXml(xml: string, t: ThemeScheme): string {
  const name = escapeXml(t.name);
  const clr = PALETTE_SLOTS.map((k) => `<a:${k}><a:srgbClr val="${t.colors[k]}"/></a:${k}>`).join('');
  // the East Asian fonts per script, first in the list as PowerPoint writes them; other scripts keep Office's
  const scripts = { Jpan: t.japanese, Hang: t.eastAsian, Hans: t.chinese };
  const perScript = Object.entries(scripts)
    .map(([script, face]) => `<a:font script="${script}" typeface="${escapeXml(face)}"/>`)
    .join('');
  const fontList = (tag: 'majorFont' | 'minorFont', latin: string) => (x: string) =>
    x.replace(new RegExp(`<a:${tag}>([\\s\\S]*?)</a:${tag}>`), (_m, inner: string) => {
      const others = inner.replace(/^<a:latin [^>]*\/><a:ea [^>]*\/><a:cs [^>]*\/>/, '').replace(/<a:font script="(?:Jpan|Hang|Hans)" [^>]*\/>/g, '');
      return `<a:${tag}><a:latin typeface="${escapeXml(latin)}"/><a:ea typeface="${escapeXml(t.eastAsian)}"/><a:cs typeface=""/>${perScript}${others}</a:${tag}>`;
    });
  const named = xml
    .replace(/(<a:theme [^>]*?)name="[^"]*"/, `$1name="${name}"`)
    .replace(/<a:clrScheme name="[^"]*">[\s\S]*?<\/a:clrScheme>/, `<a:clrScheme name="${name}">${clr}</a:clrScheme>`)
    .replace(/<a:fontScheme name="[^"]*">/, `<a:fontScheme name="${name}">`);
  return fontList('minorFont', t.minor)(fontList('majorFont', t.major)(named));
}

/** A GUID from a digest: the same style gets the same id in every build. */
export function guidOf(text: string): string {
  const h = createHash('sha256').update(text).digest('hex').toUpperCase();
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}}`;
}

export const tableStyleId = (set: string, s: TableStyle): string => guidOf(JSON.stringify([set, s.headerFill, s.headerColor, s.stripeFill, s.borderColor, s.color]));

const solid = (hex: string) => `<a:solidFill><a:srgbClr val="${hex}"/></a:solidFill>`;

/**
 * The set's table style for ppt/tableStyles.xml: the template's header, stripe and border colours,
 * so a row the user adds in PowerPoint stripes as the others, and Table Design › Header Row works.
 * Cells keep their own formatting too, which wins over the style.
 */
function tableStylesXml(set: string, s: TableStyle): string {
  const id = tableStyleId(set, s);
  const ln = `<a:ln w="9525" cmpd="sng">${solid(s.borderColor)}</a:ln>`;
  const borders = ['left', 'right', 'top', 'bottom', 'insideH', 'insideV'].map((b) => `<a:${b}>${ln}</a:${b}>`).join('');
  const text = (color: string, bold = false) => `<a:tcTxStyle${bold ? ' b="on"' : ''}><a:fontRef idx="minor"><a:prstClr val="black"/></a:fontRef><a:srgbClr val="${color}"/></a:tcTxStyle>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" def="${id}"><a:tblStyle styleId="${id}" styleName="${escapeXml(set)}">` +
    `<a:wholeTbl>${text(s.color)}<a:tcStyle><a:tcBdr>${borders}</a:tcBdr><a:fill>${solid('FFFFFF')}</a:fill></a:tcStyle></a:wholeTbl>` +
    (s.stripeFill ? `<a:band2H><a:tcStyle><a:tcBdr/><a:fill>${solid(s.stripeFill)}</a:fill></a:tcStyle></a:band2H>` : '') +
    `<a:firstRow>${text(s.headerColor, true)}<a:tcStyle><a:tcBdr/><a:fill>${solid(s.headerFill)}</a:fill></a:tcStyle></a:firstRow>` +
    '</a:tblStyle></a:tblStyleLst>'
  );
}

/** A table's header row and banding as PowerPoint's Table Design sees them, and its style. */
const tableProps = (xml: string, id: string, banded: boolean) =>
  xml.replace(/<a:tblPr(?:\/>|>[\s\S]*?<\/a:tblPr>)/g, `<a:tblPr firstRow="1"${banded ? ' bandRow="1"' : ''}><a:tableStyleId>${id}</a:tableStyleId></a:tblPr>`);

/**
 * Apply the pass to the deck's shared parts: document properties, theme, table styles, master and
 * layouts. Slides and their notes are each the business of `nativePart`, which needs no other part,
 * so they can be done as pptxgenjs writes them.
 */
export function makeNative(pkg: Package, opts: NativeOptions): void {
  const { layouts, pictures, tables, theme, titles, language } = opts;
  if (titles && pkg.has('docProps/app.xml')) pkg.setXml('docProps/app.xml', appProperties(pkg.xml('docProps/app.xml'), layouts.master, titles));
  if (theme) for (const part of ['ppt/theme/theme1.xml', 'ppt/theme/theme2.xml']) if (pkg.has(part)) pkg.setXml(part, themeXml(pkg.xml(part), theme));
  if (tables && pkg.has('ppt/tableStyles.xml')) pkg.setXml('ppt/tableStyles.xml', tableStylesXml(layouts.master, tables.style));
  const master = 'ppt/slideMasters/slideMaster1.xml';
  for (const part of [master, 'ppt/notesMasters/notesMaster1.xml']) if (pkg.has(part)) pkg.setXml(part, withLanguage(pkg.xml(part), language));
  if (pkg.has(master)) pkg.setXml(master, pkg.xml(master).replace(/<p:cSld(?: name="[^"]*")?>/, `<p:cSld name="${escapeXml(layouts.master)}">`));
  // pptxgenjs's own first layout, which no slide uses: an empty layout is PowerPoint's "Blank"
  const blank = 'ppt/slideLayouts/slideLayout1.xml';
  if (pkg.has(blank)) pkg.setXml(blank, pkg.xml(blank).replace('<p:cSld name="DEFAULT">', '<p:cSld name="Blank">'));
  layouts.layouts.forEach((def, i) => {
    const part = layoutPart(i);
    if (!pkg.has(part)) return;
    const xml = accessibleShapes(layoutXml(pkg.xml(part), def, theme), pictures.get(part));
    pkg.setXml(part, withLanguage(theme ? themeRuns(xml, theme) : xml, language));
  });
}

const SLIDE_PART = /^ppt\/slides\/slide(\d+)\.xml$/;
const NOTES_PART = /^ppt\/notesSlides\/notesSlide(\d+)\.xml$/;

/** The pass on one slide or notes part (any other part is returned as it is): it looks at that part alone. */
export function nativePart(name: string, xml: string, opts: NativeOptions): string {
  const { layouts, pictures, bodies, tables, theme, language } = opts;
  const notes = NOTES_PART.exec(name);
  // notes at 12 pt, as PowerPoint's notes pages have them: LibreOffice does not take the size from the notes master
  if (notes) return Number(notes[1]) <= layouts.slideLayout.length ? withLanguage(xml, language).replace(/<a:rPr lang="([^"]*)" dirty="0"\/>/g, '<a:rPr lang="$1" sz="1200" dirty="0"/>') : xml;
  const slide = SLIDE_PART.exec(name);
  const li = slide ? layouts.slideLayout[Number(slide[1]) - 1] : undefined;
  if (li === undefined) return xml;
  let out = accessibleShapes(linkPlaceholders(xml, layouts.layouts[li]!, bodies?.get(name)), pictures.get(name));
  if (tables && out.includes('<a:tbl>')) out = tableProps(out, tableStyleId(layouts.master, tables.style), tables.banded.has(name));
  if (theme) out = themeRuns(out, theme);
  return withLanguage(out, language);
}
