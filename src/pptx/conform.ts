import { hash } from 'node:crypto';
import { strFromU8 } from 'fflate';
import type { Memo } from '../base/memo.js';
import { isXmlPart, Package, packPart, readPackage, zipEntries, zipOrder, type ZipEntry } from './package.js';
import { detectEastAsian, LANG, scriptSegments, xmlIllegal, type EastAsian } from '../base/unicode.js';

/**
 * Package fix-ups for pptxgenjs 4.0.1 output, so PowerPoint opens the deck with no repair prompt.
 * Each fix is named after its defect and can be dropped once pptxgenjs fixes it upstream.
 */

export interface ConformOptions {
  /** East Asian font by script, for runs in Korean, Japanese or Chinese. */
  eaFonts: Record<EastAsian, string>;
  /** The intended `Company` property (pptxgenjs writes it unescaped). */
  company?: string;
  /** Document created/modified time; never the wall clock. */
  date: Date;
}

export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const isSlideLike = (n: string) => /^ppt\/(slides|slideLayouts|slideMasters|notesSlides|notesMasters)\/[^/]+\.xml$/.test(n);

const ext = (name: string) => name.slice(name.lastIndexOf('.') + 1).toLowerCase();

/** #1444: one slideMasterN override per slide, but only slideMaster1.xml exists. Drop every override of a missing part. */
export function fixOverridesOfMissingParts(pkg: Package): void {
  const ct = pkg.xml('[Content_Types].xml');
  pkg.setXml(
    '[Content_Types].xml',
    ct.replace(/<Override PartName="\/([^"]+)"[^>]*\/>/g, (m, part: string) => (pkg.has(part) ? m : '')),
  );
}

/** #1449: Default entries for media types that no part uses. */
export function fixUnusedDefaults(pkg: Package): void {
  const used = new Set(pkg.allNames().map(ext));
  const ct = pkg.xml('[Content_Types].xml');
  pkg.setXml(
    '[Content_Types].xml',
    ct.replace(/<Default Extension="([^"]+)"[^>]*\/>/g, (m, e: string) => (used.has(e.toLowerCase()) ? m : '')),
  );
}

/** #1443: PowerPoint deletes every placeholder shape of the notes master on repair; write none (as upstream PR #1458). */
export function fixNotesMasterPlaceholders(pkg: Package): void {
  for (const name of pkg.names().filter((n) => /^ppt\/notesMasters\/[^/]+\.xml$/.test(n))) {
    pkg.setXml(name, pkg.xml(name).replace(/<p:sp>[\s\S]*?<\/p:sp>/g, '').replace(/<p:extLst>[\s\S]*?<\/p:extLst>/g, ''));
  }
}

/** #1449: the notes master shares the slide master's theme part; PowerPoint gives it a theme of its own. */
export function fixNotesMasterTheme(pkg: Package): void {
  const rels = 'ppt/notesMasters/_rels/notesMaster1.xml.rels';
  if (!pkg.has(rels) || !pkg.has('ppt/theme/theme1.xml') || pkg.has('ppt/theme/theme2.xml')) return;
  const xml = pkg.xml(rels);
  if (!xml.includes('Target="../theme/theme1.xml"')) return;
  pkg.setXml('ppt/theme/theme2.xml', pkg.xml('ppt/theme/theme1.xml'));
  pkg.setXml(rels, xml.replace('Target="../theme/theme1.xml"', 'Target="../theme/theme2.xml"'));
  const ct = pkg.xml('[Content_Types].xml');
  pkg.setXml(
    '[Content_Types].xml',
    ct.replace('</Types>', '<Override PartName="/ppt/theme/theme2.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/></Types>'),
  );
}

/** #1532: a table beside other shapes gives duplicate p:cNvPr ids; number them afresh per part. */
export function fixShapeIds(xml: string): string {
  let id = 0;
  return xml.replace(/<p:cNvPr id="[^"]*"/g, () => `<p:cNvPr id="${++id}"`);
}

/** An empty a:ln (PR #1642 lists it as a trigger): say "no line" explicitly. */
export function fixEmptyLines(xml: string): string {
  return xml.replace(/<a:ln><\/a:ln>|<a:ln\/>/g, '<a:ln><a:noFill/></a:ln>');
}

/** #1449: preset names that are not in ST_ShapeType. */
export function fixPresetNames(xml: string): string {
  return xml.replace(/prst="oval"/g, 'prst="ellipse"').replace(/prst="roundedRectangle"/g, 'prst="roundRect"');
}

/** ECMA-376 order in p:presentation: sldMasterIdLst, notesMasterIdLst, handoutMasterIdLst, sldIdLst, sldSz, notesSz… */
export function fixPresentationOrder(pkg: Package): void {
  const name = 'ppt/presentation.xml';
  if (!pkg.has(name)) return;
  let xml = pkg.xml(name);
  const notes = /<p:notesMasterIdLst>[\s\S]*?<\/p:notesMasterIdLst>/.exec(xml)?.[0];
  if (!notes) return;
  xml = xml.replace(notes, '');
  xml = xml.replace(/(<\/p:sldMasterIdLst>)/, `$1${notes}`);
  pkg.setXml(name, xml);
}

/** #1441: a p:sp with no p:txBody (pptxgenjs shapes without text). */
export function fixShapesWithoutText(xml: string): string {
  return xml.replace(/<p:sp>((?:(?!<\/p:sp>)[\s\S])*)<\/p:sp>/g, (m, inner: string) =>
    // the notes slide image placeholder has no text in PowerPoint's own files either
    inner.includes('<p:txBody>') || inner.includes('<p:ph type="sldImg"') ? m : `<p:sp>${inner}<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US" dirty="0"/></a:p></p:txBody></p:sp>`,
  );
}

/** #1442: a solid background fill with no a:effectLst. */
export function fixBackgroundEffects(xml: string): string {
  return xml.replace(/<p:bgPr>((?:(?!<\/p:bgPr>)[\s\S])*)<\/p:bgPr>/g, (m, inner: string) =>
    /<a:effect(Lst|Dag)/.test(inner) ? m : `<p:bgPr>${inner}<a:effectLst/></p:bgPr>`,
  );
}

/** #1440: NaN attribute values (cell margins and others): drop the attribute, so the default applies. */
export function fixNaNAttributes(xml: string): string {
  return xml.replace(/ (?:[a-zA-Z:]+)="(?:NaN|-?Infinity|undefined)"/g, '');
}

/** A negative a:ext is invalid; clamp to zero. */
export function fixNegativeExtents(xml: string): string {
  return xml.replace(/<a:ext cx="(-?\d+)" cy="(-?\d+)"/g, (_, cx: string, cy: string) => `<a:ext cx="${Math.max(0, Number(cx))}" cy="${Math.max(0, Number(cy))}"`);
}

/** Table cells with anchor="mid" (ST_TextAnchoringType has ctr, not mid). */
export function fixCellAnchors(xml: string): string {
  return xml.replace(/(<a:tcPr[^>]*?) anchor="mid"/g, '$1 anchor="ctr"');
}

const decodeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-fA-F]+|#\d+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : e === 'amp' ? '&' : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );

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
 * Korean, Chinese and Japanese runs get `lang` and an East Asian font, or some viewers show empty
 * boxes; a run mixing scripts is split, so Chinese is not drawn with Korean or Japanese glyph forms.
 */
export function fixEastAsianRuns(xml: string, fonts: Record<EastAsian, string>): string {
  return xml.replace(/<a:r>(<a:rPr[^>]*?)(\/>|>([\s\S]*?)<\/a:rPr>)<a:t>([^<]*)<\/a:t><\/a:r>/g, (m, open: string, _c: string, inner: string | undefined, t: string) => {
    const text = decodeXml(t);
    if (!detectEastAsian(text)) return m;
    const original = inner === undefined ? `${open}/>` : `${open}>${inner}</a:rPr>`;
    return scriptSegments(text)
      .map((seg) => `<a:r>${seg.script ? eastAsianRPr(open, inner ?? '', seg.script, fonts[seg.script]) : original}<a:t>${escapeXml(seg.text)}</a:t></a:r>`)
      .join('');
  });
}

/** XML-illegal characters must never reach a part; content stripping should already have removed them. */
export function fixIllegalCharacters(xml: string): string {
  return xml.replace(xmlIllegal(), '');
}

/** #1427: docProps/app.xml writes Company unescaped. */
export function fixCompany(pkg: Package, company: string | undefined): void {
  const name = 'docProps/app.xml';
  if (!pkg.has(name)) return;
  const xml = pkg.xml(name);
  pkg.setXml(name, xml.replace(/<Company>[\s\S]*?<\/Company>/, `<Company>${escapeXml(company ?? '')}</Company>`));
}

/** Document dates from the content or SOURCE_DATE_EPOCH, never the wall clock. */
export function fixDocumentDates(pkg: Package, date: Date): void {
  const name = 'docProps/core.xml';
  if (!pkg.has(name)) return;
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  pkg.setXml(name, pkg.xml(name).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${iso}$2`));
}

/** The fixes that look at one part alone. */
function fixPart(name: string, raw: string, eaFonts: Record<EastAsian, string>): string {
  let xml = fixIllegalCharacters(raw);
  if (isSlideLike(name)) {
    xml = fixShapesWithoutText(xml);
    xml = fixShapeIds(xml);
    xml = fixEmptyLines(xml);
    xml = fixPresetNames(xml);
    xml = fixBackgroundEffects(xml);
    xml = fixNaNAttributes(xml);
    xml = fixNegativeExtents(xml);
    xml = fixCellAnchors(xml);
    xml = fixEastAsianRuns(xml, eaFonts);
  }
  return xml;
}

/**
 * Fixed and packed parts by a digest of their pptxgenjs text: most parts of a batch's decks are
 * the same. A digest, not the text: pptxgenjs builds its XML as ropes, which a text key would keep.
 */
export type PartMemo = Memo<ZipEntry>;

/**
 * Apply every fix to a pptxgenjs deck's parts and pack each one. `parts.skip` names parts the caller
 * replaces (slides reused from an earlier deck); `parts.unique`, parts no earlier deck can have had,
 * which are not worth a digest.
 */
export async function conformEntries(
  data: Uint8Array | Map<string, string | Uint8Array>,
  opts: ConformOptions,
  parts: { skip?: ReadonlySet<string>; unique?: ReadonlySet<string>; memo?: PartMemo; elsewhere?: ReadonlySet<string> } = {},
): Promise<Map<string, ZipEntry>> {
  const { skip, unique, memo } = parts;
  const pkg = data instanceof Map ? new Package(data, new Set(), parts.elsewhere) : await readPackage(data);
  fixCompany(pkg, opts.company);
  fixOverridesOfMissingParts(pkg);
  fixUnusedDefaults(pkg);
  fixNotesMasterPlaceholders(pkg);
  fixNotesMasterTheme(pkg);
  fixPresentationOrder(pkg);
  fixDocumentDates(pkg, opts.date);
  const entries = new Map<string, ZipEntry>();
  for (const name of pkg.names()) {
    if (skip?.has(name)) continue;
    entries.set(name, conformPart(name, isXmlPart(name) ? pkg.xml(name) : pkg.parts.get(name)!, opts, { ...(unique ? { unique } : {}), ...(memo ? { memo } : {}) }));
  }
  return entries;
}

/** Parts whose fixes look at the part alone, which may be fixed and packed as soon as they are written. */
export const isSelfContainedPart = (name: string): boolean => /^ppt\/(slides|notesSlides)\/(_rels\/)?[^/]+\.(xml|rels)$/.test(name);

/** Fix and pack one part, through the memo unless `unique` names it. */
export function conformPart(name: string, data: string | Uint8Array, opts: ConformOptions, parts: { unique?: ReadonlySet<string>; memo?: PartMemo } = {}): ZipEntry {
  if (!isXmlPart(name)) return packPart(name, data);
  const raw = typeof data === 'string' ? data : strFromU8(data);
  const { unique, memo } = parts;
  if (unique?.has(name) || !memo) return packPart(name, fixPart(name, raw, opts.eaFonts));
  const key = `${JSON.stringify(opts.eaFonts)}\u0000${name}\u0000${hash('sha256', raw, 'base64')}`;
  return memo.get(key) ?? memo.set(key, packPart(name, fixPart(name, raw, opts.eaFonts)));
}

/** Zip entries in package order. */
export const zipPackage = (entries: Map<string, ZipEntry>): Buffer => zipEntries([...entries.keys()].sort(zipOrder).map((n) => entries.get(n)!));

/** Apply every fix to a pptxgenjs deck; returns a DEFLATE-compressed, deterministic package. */
export async function conformPptx(data: Uint8Array | Map<string, string | Uint8Array>, opts: ConformOptions): Promise<Buffer> {
  return zipPackage(await conformEntries(data, opts));
}
