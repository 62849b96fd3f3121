/**
 * The pass that makes a pptxgenjs deck PowerPoint's own, on the package's XML (pptxgenjs stays in
 * engine.ts): the master named after the set, the layouts' title and subtitle placeholders, the
 * slides' titles linked to them (ctrTitle and subTitle on the title slide layout), pictures' alt
 * text, decorative marks on shapes that only decorate.
 *
 * pptxgenjs can define layout placeholders and fill them (`addText(…, { placeholder })`), but a
 * slide's text then takes the layout's options over its own, so the sizes fit chose are lost, and
 * every placeholder a slide leaves empty becomes a "Click to add text" box (PptxGenJS #1453, #640).
 * So the engine draws titles as named text boxes and this pass makes them placeholders.
 */
import { createHash } from 'node:crypto';
import type { TableStyle, TextNode } from '../layout/types.js';
import type { ThemeScheme } from '../theme/defaults.js';
import { PALETTE_SLOTS } from '../theme/schema.js';
import { escapeXml } from './defects/types.js';
import type { Pictures } from './engine.js';
import { layoutPart, type DeckLayouts, type LayoutDef } from './layouts.js';
import type { Package } from './package.js';

const EMU = 914400;
const emu = (inches: number) => Math.round(inches * EMU);

/** Office's decorative mark (Alt Text › Mark as decorative): checkers and screen readers skip the shape. */
const DECORATIVE =
  '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext></a:extLst>';

const ANCHOR = { top: 't', middle: 'ctr', bottom: 'b' } as const;
const ALGN = { left: 'l', center: 'ctr', right: 'r' } as const;

type PhType = 'title' | 'ctrTitle' | 'subTitle';

const phXml = (type: PhType) => (type === 'subTitle' ? '<p:ph type="subTitle" idx="1"/>' : `<p:ph type="${type}"/>`);

/** A layout's placeholder: the template's box and text style, so "Reset slide" restores its look. */
function layoutPlaceholder(n: TextNode, type: PhType, id: number, name: string, prompt: string, theme: ThemeScheme | undefined): string {
  const s = n.style;
  // the theme's own font where it is the theme's, so a new theme font carries through
  const typeface = s.font === theme?.major ? '+mj-lt' : s.font === theme?.minor ? '+mn-lt' : s.font;
  const ins = emu(n.inset);
  const fill = n.fill ? `<a:solidFill><a:srgbClr val="${n.fill}"/></a:solidFill>` : '';
  return (
    `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${escapeXml(name)}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>${phXml(type)}</p:nvPr></p:nvSpPr>` +
    `<p:spPr><a:xfrm><a:off x="${emu(n.box.x)}" y="${emu(n.box.y)}"/><a:ext cx="${emu(n.box.w)}" cy="${emu(n.box.h)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>${fill}</p:spPr>` +
    `<p:txBody><a:bodyPr vert="horz" wrap="square" lIns="${ins}" tIns="${ins}" rIns="${ins}" bIns="${ins}" rtlCol="0" anchor="${ANCHOR[s.valign]}"><a:normAutofit/></a:bodyPr>` +
    `<a:lstStyle><a:lvl1pPr marL="0" indent="0" algn="${ALGN[s.align]}"><a:lnSpc><a:spcPct val="${Math.round(s.lineSpacing * 100000)}"/></a:lnSpc><a:buNone/>` +
    `<a:defRPr sz="${Math.round(s.size * 100)}" b="${s.bold ? 1 : 0}" i="${s.italic ? 1 : 0}"><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill><a:latin typeface="${escapeXml(typeface)}"/></a:defRPr></a:lvl1pPr></a:lstStyle>` +
    `<a:p><a:r><a:rPr lang="en-US"/><a:t>${prompt}</a:t></a:r></a:p></p:txBody></p:sp>`
  );
}

function layoutXml(xml: string, def: LayoutDef, theme: ThemeScheme | undefined): string {
  const phs: string[] = [];
  if (def.title) phs.push(layoutPlaceholder(def.title, def.titleSlide ? 'ctrTitle' : 'title', 900, 'Title', 'Click to edit title', theme));
  if (def.subtitle) phs.push(layoutPlaceholder(def.subtitle, 'subTitle', 901, 'Subtitle', 'Click to edit subtitle', theme));
  // last in the tree, so in Slide Master view they sit above the title bar they are drawn on
  return xml.replace('</p:spTree>', `${phs.join('')}</p:spTree>`);
}

/** The slide's title and subtitle text boxes become the placeholders of its layout. */
function linkPlaceholders(xml: string, def: LayoutDef): string {
  const link = (name: string, type: PhType) =>
    (x: string) =>
      x.replace(new RegExp(`(<p:cNvPr id="\\d+" name="${name}"(?:/>|>[\\s\\S]*?</p:cNvPr>)<p:cNvSpPr)(?: txBox="1")?(/>|>[\\s\\S]*?</p:cNvSpPr>)<p:nvPr(?:/>|></p:nvPr>)`), `$1>${'<a:spLocks noGrp="1"/>'}</p:cNvSpPr><p:nvPr>${phXml(type)}</p:nvPr>`);
  let out = xml;
  if (def.title) out = link('Title', def.titleSlide ? 'ctrTitle' : 'title')(out);
  if (def.subtitle) out = link('Subtitle', 'subTitle')(out);
  return out;
}

const SHAPE = /<p:sp>(?:(?!<\/p:sp>)[\s\S])*<\/p:sp>|<p:pic>(?:(?!<\/p:pic>)[\s\S])*<\/p:pic>/g;

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

export interface NativeOptions {
  layouts: DeckLayouts;
  pictures: Pictures;
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
  const font = (latin: string) => `<a:latin typeface="${escapeXml(latin)}"/><a:ea typeface="${escapeXml(t.eastAsian)}"/><a:cs typeface=""/>`;
  return xml
    .replace(/(<a:theme [^>]*?)name="[^"]*"/, `$1name="${name}"`)
    .replace(/<a:clrScheme name="[^"]*">[\s\S]*?<\/a:clrScheme>/, `<a:clrScheme name="${name}">${clr}</a:clrScheme>`)
    .replace(/<a:fontScheme name="[^"]*">/, `<a:fontScheme name="${name}">`)
    .replace(/(<a:majorFont>)<a:latin [^>]*\/><a:ea [^>]*\/><a:cs [^>]*\/>/, `$1${font(t.major)}`)
    .replace(/(<a:minorFont>)<a:latin [^>]*\/><a:ea [^>]*\/><a:cs [^>]*\/>/, `$1${font(t.minor)}`);
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
    if (pkg.has(part)) pkg.setXml(part, withLanguage(accessibleShapes(layoutXml(pkg.xml(part), def, theme), pictures.get(part)), language));
  });
}

const SLIDE_PART = /^ppt\/slides\/slide(\d+)\.xml$/;
const NOTES_PART = /^ppt\/notesSlides\/notesSlide(\d+)\.xml$/;

/** The pass on one slide or notes part (any other part is returned as it is): it looks at that part alone. */
export function nativePart(name: string, xml: string, opts: NativeOptions): string {
  const { layouts, pictures, tables, language } = opts;
  const notes = NOTES_PART.exec(name);
  // notes at 12 pt, as PowerPoint's notes pages have them: LibreOffice does not take the size from the notes master
  if (notes) return Number(notes[1]) <= layouts.slideLayout.length ? withLanguage(xml, language).replace(/<a:rPr lang="([^"]*)" dirty="0"\/>/g, '<a:rPr lang="$1" sz="1200" dirty="0"/>') : xml;
  const slide = SLIDE_PART.exec(name);
  const li = slide ? layouts.slideLayout[Number(slide[1]) - 1] : undefined;
  if (li === undefined) return xml;
  let out = accessibleShapes(linkPlaceholders(xml, layouts.layouts[li]!), pictures.get(name));
  if (tables && out.includes('<a:tbl>')) out = tableProps(out, tableStyleId(layouts.master, tables.style), tables.banded.has(name));
  return withLanguage(out, language);
}
