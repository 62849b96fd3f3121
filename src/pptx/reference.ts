/**
 * An office's own template (.potx or .pptx) read as a reference: its slide size, theme, masters and
 * layouts with their placeholders' geometry. Reading only; nothing here writes a deck. Every way a
 * file can fail to be a usable reference is a BriefdeckError that names the file and says what to do.
 */
import { posix } from 'node:path';
import { unzipSync } from 'fflate';
import { BriefdeckError } from '../base/errors.js';
import { didYouMean } from '../base/suggest.js';
import { attrOf, dtdParts, Package, relationships, type Relationship, type ZipEntry } from './package.js';

const EMU = 914400;

/** A reference larger than this is refused before it is unzipped; a large background image is well below it. */
export const REFERENCE_LIMITS = { fileBytes: 100 << 20, unzippedBytes: 512 << 20, entries: 20_000 } as const;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Placeholder {
  /** ECMA-376 ST_PlaceholderType; `obj` when the file leaves it out. */
  type: string;
  idx: number | undefined;
  name: string;
  /** In inches, from the layout, else from the master's placeholder of the same kind. */
  box: Box | undefined;
  /** Its text style as PowerPoint resolves it: the layout's, else the master placeholder's, else the master's text styles. */
  style: PlaceholderStyle;
}

export interface PlaceholderStyle {
  /** Points. */
  size: number;
  bold: boolean;
  /** Six hex digits, scheme colours resolved through the master's colour map. */
  color: string | undefined;
  /** The theme font it uses: the major (headings) or minor (body) one. */
  font: 'major' | 'minor';
  /** Inches, each side. */
  insets: { l: number; t: number; r: number; b: number };
  anchor: 'top' | 'middle' | 'bottom';
  align: 'left' | 'center' | 'right';
  /** A multiple of single spacing. */
  lineSpacing: number;
}

export interface ReferenceLayout {
  /** Part name, e.g. `ppt/slideLayouts/slideLayout2.xml`. */
  part: string;
  name: string;
  /** The layout's `type` attribute (title, obj, titleOnly…), when it has one. */
  type: string | undefined;
  master: string;
  placeholders: Placeholder[];
  /** Its background as a solid colour, when it (or its master) has one: what text on it is read against. */
  background: string | undefined;
  /** Boxes of the filled shapes and pictures it shows that are not placeholders: its own and its master's. */
  graphics: Box[];
}

export interface ReferenceTheme {
  name: string;
  /** dk1, lt1, dk2, lt2, accent1–6, hlink, folHlink as six hex digits. */
  colors: Record<string, string>;
  fonts: { major: { latin: string; ea: string }; minor: { latin: string; ea: string } };
}

export interface Reference {
  file: string;
  /** Slide size in inches. */
  size: { w: number; h: number };
  theme: ReferenceTheme;
  masters: { part: string; name: string }[];
  layouts: ReferenceLayout[];
  /** Slide parts the reference carries as samples. */
  sampleSlides: string[];
  /** Whether every master maps text and background colours as PowerPoint's default does (tx1 = dk1, bg1 = lt1…), so a scheme colour on a run means the theme colour of its name. */
  standardColorMap: boolean;
  pkg: Package;
  /**
   * Each part as it was last packed onto a deck, by name: most of a reference's parts go out the same
   * in every deck built on it, so they are compressed once (graft.ts).
   */
  packed: Map<string, { data: string | Uint8Array; entry: ZipEntry }>;
}

const fail = (file: string, message: string, hint: string) => new BriefdeckError('REFERENCE_INVALID', message, { location: { file }, hint });

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (data: Uint8Array, magic: readonly number[]) => magic.every((b, i) => data[i] === b);

/** Unzip a reference within the limits, refusing what is not a zip of a presentation. */
function openPackage(data: Uint8Array, file: string): Package {
  if (data.length > REFERENCE_LIMITS.fileBytes) {
    throw fail(file, `is ${(data.length / 2 ** 20).toFixed(0)} MiB; a reference may be at most ${REFERENCE_LIMITS.fileBytes / 2 ** 20} MiB`, 'remove sample slides and unused media, or compress its pictures in PowerPoint');
  }
  if (startsWith(data, OLE)) {
    if (/\.(ppt|pot|pps)$/i.test(file)) throw fail(file, 'is an old binary PowerPoint file (.ppt/.pot), not Office Open XML', 'open it in PowerPoint or LibreOffice and save it as .pptx or .potx');
    throw fail(file, 'is encrypted (password-protected), so it cannot be read', 'remove the password in PowerPoint (File › Info › Protect Presentation) and save it again');
  }
  if (!startsWith(data, [0x50, 0x4b, 0x03, 0x04])) throw fail(file, 'is not a zip package, so it is not a .pptx or .potx', 'give a PowerPoint template (.potx) or presentation (.pptx)');
  let total = 0;
  let count = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(data, {
      filter: (f) => {
        count++;
        total += f.originalSize;
        if (count > REFERENCE_LIMITS.entries || total > REFERENCE_LIMITS.unzippedBytes) throw new RangeError('limit');
        return !f.name.endsWith('/');
      },
    });
  } catch (err) {
    if (err instanceof RangeError && err.message === 'limit') {
      throw fail(file, `unzips to more than ${REFERENCE_LIMITS.unzippedBytes / 2 ** 20} MiB or ${REFERENCE_LIMITS.entries} entries`, 'a template needs far less; remove sample slides and media');
    }
    throw fail(file, `is a damaged zip package (${(err as Error).message})`, 'open it in PowerPoint and save it again');
  }
  const parts = new Map<string, Uint8Array>();
  for (const [name, bytes] of Object.entries(files)) parts.set(name, bytes);
  return new Package(parts);
}

const attr = attrOf;

/** Relationships of a part by id, each type shortened to its last segment; a target not in the package is an error. */
function relsOf(pkg: Package, part: string, file: string): Map<string, Relationship> {
  const out = new Map<string, Relationship>();
  for (const r of relationships(pkg, part)) {
    if (!r.external && !pkg.has(r.target)) throw fail(file, `its part ${part} refers to ${r.target}, which is not in the package`, 'open it in PowerPoint and save it again, which repairs broken relationships');
    out.set(r.id, { ...r, type: r.type.slice(r.type.lastIndexOf('/') + 1) });
  }
  return out;
}

function box(xml: string): Box | undefined {
  const xfrm = /<a:xfrm\b[^>]*>([\s\S]*?)<\/a:xfrm>/.exec(xml)?.[1];
  if (!xfrm) return undefined;
  const off = /<a:off x="(-?\d+)" y="(-?\d+)"/.exec(xfrm);
  const ext = /<a:ext cx="(\d+)" cy="(\d+)"/.exec(xfrm);
  if (!off || !ext) return undefined;
  return { x: Number(off[1]) / EMU, y: Number(off[2]) / EMU, w: Number(ext[1]) / EMU, h: Number(ext[2]) / EMU };
}

/** A placeholder's own style facts, as far as its part says them; the rest is inherited. */
interface OwnStyle {
  size?: number;
  bold?: boolean;
  color?: string;
  font?: 'major' | 'minor';
  insets: Partial<Record<'l' | 't' | 'r' | 'b', number>>;
  anchor?: PlaceholderStyle['anchor'];
  align?: PlaceholderStyle['align'];
  lineSpacing?: number;
}

const ANCHORS: Record<string, PlaceholderStyle['anchor']> = { t: 'top', ctr: 'middle', b: 'bottom' };
const ALIGNS: Record<string, PlaceholderStyle['align']> = { l: 'left', ctr: 'center', r: 'right', just: 'left', dist: 'left' };

/** The first element of a name, whole: `<t …/>` or `<t …>…</t>` (these elements do not nest in themselves). */
function element(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}\\b[^>]*?/>|<${tag}\\b[^>]*>[\\s\\S]*?</${tag}>`).exec(xml)?.[0];
}

/** Colour of a fill element's first colour, scheme colours through the map. */
function colorOf(xml: string | undefined, scheme: (name: string) => string | undefined): string | undefined {
  if (!xml) return undefined;
  const rgb = /<a:srgbClr val="([0-9A-Fa-f]{6})"/.exec(xml)?.[1];
  if (rgb) return rgb.toUpperCase();
  const sc = /<a:schemeClr val="(\w+)"/.exec(xml)?.[1];
  if (sc) return scheme(sc);
  return /<a:sysClr\b[^>]*lastClr="([0-9A-Fa-f]{6})"/.exec(xml)?.[1]?.toUpperCase();
}

/** Style facts from a paragraph-level style element (lvl1pPr, or a sample paragraph's pPr and its run). */
function styleFacts(pPr: string | undefined, rPr: string | undefined, scheme: (name: string) => string | undefined): Omit<OwnStyle, 'insets' | 'anchor'> {
  const out: Omit<OwnStyle, 'insets' | 'anchor'> = {};
  if (pPr) {
    const algn = attr(/^<a:\w+\b[^>]*>/.exec(pPr)?.[0] ?? '', 'algn');
    if (algn && ALIGNS[algn]) out.align = ALIGNS[algn];
    const ln = /<a:lnSpc><a:spcPct val="(\d+)"/.exec(pPr)?.[1];
    if (ln) out.lineSpacing = Number(ln) / 100000;
  }
  if (rPr) {
    const tag = /^<a:\w+\b[^>]*>/.exec(rPr)?.[0] ?? '';
    const sz = attr(tag, 'sz');
    if (sz) out.size = Number(sz) / 100;
    const b = attr(tag, 'b');
    if (b !== undefined) out.bold = b === '1' || b === 'true';
    const fill = /<a:solidFill>([\s\S]*?)<\/a:solidFill>/.exec(rPr)?.[1];
    const c = colorOf(fill, scheme);
    if (c) out.color = c;
    const latin = /<a:latin typeface="([^"]*)"/.exec(rPr)?.[1];
    if (latin === '+mj-lt') out.font = 'major';
    else if (latin === '+mn-lt') out.font = 'minor';
  }
  return out;
}

function ownStyle(sp: string, scheme: (name: string) => string | undefined): OwnStyle {
  const bodyPr = /<a:bodyPr\b[^>]*\/?>/.exec(sp)?.[0] ?? '';
  const insets: OwnStyle['insets'] = {};
  for (const [k, a] of [['l', 'lIns'], ['t', 'tIns'], ['r', 'rIns'], ['b', 'bIns']] as const) {
    const v = attr(bodyPr, a);
    if (v !== undefined) insets[k] = Number(v) / EMU;
  }
  const anchor = ANCHORS[attr(bodyPr, 'anchor') ?? ''];
  const lvl1 = element(element(sp, 'a:lstStyle') ?? '', 'a:lvl1pPr');
  const fromList = lvl1 ? styleFacts(lvl1, element(lvl1, 'a:defRPr'), scheme) : {};
  // LibreOffice writes a placeholder's style on its sample paragraph rather than in lstStyle
  const para = /<a:p>([\s\S]*?)<\/a:p>/.exec(sp)?.[1] ?? '';
  const pPr = element(para, 'a:pPr');
  const rPr = element(para, 'a:rPr') ?? element(para, 'a:endParaRPr');
  const fromSample = styleFacts(pPr, rPr, scheme);
  return { ...fromSample, ...fromList, insets, ...(anchor ? { anchor } : {}) };
}

interface RawPlaceholder extends Omit<Placeholder, 'style'> {
  own: OwnStyle;
}

/** The placeholders of a layout or master part, in document order. */
function placeholders(xml: string, scheme: (name: string) => string | undefined): RawPlaceholder[] {
  const out: RawPlaceholder[] = [];
  for (const m of xml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)) {
    const sp = m[1]!;
    const ph = /<p:ph\b[^>]*\/?>/.exec(sp)?.[0];
    if (!ph) continue;
    const idx = attr(ph, 'idx');
    const spPr = /<p:spPr\b[^>]*>([\s\S]*?)<\/p:spPr>|<p:spPr\/>/.exec(sp)?.[1] ?? '';
    out.push({ type: attr(ph, 'type') ?? 'obj', idx: idx === undefined ? undefined : Number(idx), name: attr(/<p:cNvPr\b[^>]*>/.exec(sp)?.[0] ?? '', 'name') ?? '', box: box(spPr), own: ownStyle(sp, scheme) });
  }
  return out;
}

/** The master's text style for a kind of placeholder: titleStyle, bodyStyle or otherStyle, level 1. */
function masterTextStyle(masterXml: string, kind: string, scheme: (name: string) => string | undefined): Omit<OwnStyle, 'insets' | 'anchor'> {
  const which = kind === 'title' ? 'titleStyle' : kind === 'body' ? 'bodyStyle' : 'otherStyle';
  const lvl1 = element(element(masterXml, `p:${which}`) ?? '', 'a:lvl1pPr');
  return lvl1 ? styleFacts(lvl1, element(lvl1, 'a:defRPr'), scheme) : {};
}

/** A layout placeholder's style: its own facts, then the master placeholder's, then the master's text styles, then PowerPoint's defaults. */
function resolveStyle(own: OwnStyle, master: OwnStyle | undefined, text: Omit<OwnStyle, 'insets' | 'anchor'>, kind: string): PlaceholderStyle {
  const pick = <K extends keyof OwnStyle>(k: K) => own[k] ?? master?.[k] ?? (text as OwnStyle)[k];
  const inset = (k: 'l' | 't' | 'r' | 'b', dflt: number) => own.insets[k] ?? master?.insets[k] ?? dflt;
  return {
    size: pick('size') ?? 18,
    bold: pick('bold') ?? false,
    color: pick('color'),
    font: pick('font') ?? (kind === 'title' ? 'major' : 'minor'),
    insets: { l: inset('l', 0.1), t: inset('t', 0.05), r: inset('r', 0.1), b: inset('b', 0.05) },
    anchor: pick('anchor') ?? (kind === 'title' ? 'middle' : 'top'),
    align: pick('align') ?? 'left',
    lineSpacing: pick('lineSpacing') ?? 1,
  };
}

/** Boxes of a part's drawn shapes that are not placeholders: filled shapes and pictures. */
function graphicsOf(xml: string): Box[] {
  const out: Box[] = [];
  for (const m of xml.matchAll(/<p:(sp|pic)>([\s\S]*?)<\/p:\1>/g)) {
    const inner = m[2]!;
    if (/<p:ph\b/.test(inner)) continue;
    const spPr = /<p:spPr\b[^>]*>([\s\S]*?)<\/p:spPr>/.exec(inner)?.[1] ?? '';
    if (m[1] === 'sp' && !/<a:(solidFill|gradFill|blipFill|pattFill)\b/.test(spPr)) continue;
    const b = box(spPr);
    if (b && b.w > 0 && b.h > 0) out.push(b);
  }
  return out;
}

/** A part's background as one colour: a solid fill, or a background reference's colour. */
function backgroundOf(xml: string, scheme: (name: string) => string | undefined): string | undefined {
  const bg = /<p:bg>([\s\S]*?)<\/p:bg>/.exec(xml)?.[1];
  if (!bg) return undefined;
  const solid = /<a:solidFill>([\s\S]*?)<\/a:solidFill>/.exec(bg)?.[1];
  if (solid) return colorOf(solid, scheme);
  const ref = /<p:bgRef\b[^>]*>([\s\S]*?)<\/p:bgRef>/.exec(bg)?.[1];
  return colorOf(ref, scheme);
}

/** The kind of master placeholder a layout placeholder inherits its geometry from. */
const inheritsFrom = (type: string) => (type === 'ctrTitle' || type === 'title' ? 'title' : type === 'dt' || type === 'ftr' || type === 'sldNum' ? type : 'body');

function readTheme(xml: string): ReferenceTheme {
  const colors: Record<string, string> = {};
  const scheme = /<a:clrScheme\b[^>]*>([\s\S]*?)<\/a:clrScheme>/.exec(xml)?.[1] ?? '';
  for (const key of ['dk1', 'lt1', 'dk2', 'lt2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink']) {
    const inner = new RegExp(`<a:${key}>([\\s\\S]*?)</a:${key}>`).exec(scheme)?.[1] ?? '';
    const hex = /<a:srgbClr val="([0-9A-Fa-f]{6})"/.exec(inner)?.[1] ?? /lastClr="([0-9A-Fa-f]{6})"/.exec(inner)?.[1];
    if (hex) colors[key] = hex.toUpperCase();
  }
  const font = (which: 'major' | 'minor') => {
    const inner = new RegExp(`<a:${which}Font>([\\s\\S]*?)</a:${which}Font>`).exec(xml)?.[1] ?? '';
    return { latin: /<a:latin typeface="([^"]*)"/.exec(inner)?.[1] ?? '', ea: /<a:ea typeface="([^"]*)"/.exec(inner)?.[1] ?? '' };
  };
  return { name: attr(/<a:theme\b[^>]*>/.exec(xml)?.[0] ?? '', 'name') ?? '', colors, fonts: { major: font('major'), minor: font('minor') } };
}

/** Read and check a reference template. `file` names it in messages. */
export function readReference(data: Uint8Array, file: string): Reference {
  const pkg = openPackage(data, file);
  const [dtd] = dtdParts(pkg);
  if (dtd) throw fail(file, `its part ${dtd.part} declares a DTD (<!DOCTYPE), which Open Packaging Conventions forbid`, 'open it in PowerPoint and save it again');
  const ct = pkg.has('[Content_Types].xml') ? pkg.xml('[Content_Types].xml') : '';
  const main = /<Override PartName="\/([^"]+)" ContentType="application\/vnd\.openxmlformats-officedocument\.presentationml\.(presentation|template|slideshow)\.main\+xml"/.exec(ct)?.[1];
  if (!main || !pkg.has(main)) throw fail(file, 'is a zip package but not a presentation (no presentation part)', 'give a PowerPoint template (.potx) or presentation (.pptx); a .docx or .xlsx will not do');
  const presentation = pkg.xml(main);
  const presRels = relsOf(pkg, main, file);
  const sz = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(presentation);
  const size = sz ? { w: Number(sz[1]) / EMU, h: Number(sz[2]) / EMU } : { w: 10, h: 7.5 };
  const masters: { part: string; name: string }[] = [];
  let standardColorMap = true;
  const layouts: ReferenceLayout[] = [];
  let theme: ReferenceTheme | undefined;
  for (const m of presentation.matchAll(/<p:sldMasterId\b[^>]*r:id="([^"]+)"/g)) {
    const rel = presRels.get(m[1]!);
    if (!rel) throw fail(file, `its presentation names master ${m[1]}, which has no relationship`, 'open it in PowerPoint and save it again');
    const masterXml = pkg.xml(rel.target);
    const masterRels = relsOf(pkg, rel.target, file);
    masters.push({ part: rel.target, name: attr(/<p:cSld\b[^>]*>/.exec(masterXml)?.[0] ?? '', 'name') ?? posix.basename(rel.target, '.xml') });
    let masterTheme: ReferenceTheme | undefined;
    for (const r of masterRels.values()) if (r.type === 'theme' && !masterTheme) masterTheme = readTheme(pkg.xml(r.target));
    theme ??= masterTheme;
    const clrMap = /<p:clrMap\b[^>]*>/.exec(masterXml)?.[0] ?? '';
    for (const [k, v] of [['bg1', 'lt1'], ['tx1', 'dk1'], ['bg2', 'lt2'], ['tx2', 'dk2']]) if (attr(clrMap, k!) !== v) standardColorMap = false;
    const scheme = (name: string) => {
      const slot = attr(clrMap, name) ?? (name === 'phClr' ? undefined : name);
      return slot ? masterTheme?.colors[slot] : undefined;
    };
    const masterPh = placeholders(masterXml, scheme);
    const masterGraphics = graphicsOf(masterXml);
    const masterBg = backgroundOf(masterXml, scheme);
    for (const lm of masterXml.matchAll(/<p:sldLayoutId\b[^>]*r:id="([^"]+)"/g)) {
      const lr = masterRels.get(lm[1]!);
      if (!lr) continue;
      // a layout's broken relationship is refused here, not grafted into every deck built on it
      relsOf(pkg, lr.target, file);
      const xml = pkg.xml(lr.target);
      const own = placeholders(xml, scheme).map(({ own: style, ...p }) => {
        const from = masterPh.find((q) => inheritsFrom(q.type) === inheritsFrom(p.type));
        const kind = inheritsFrom(p.type) === 'title' ? 'title' : p.type === 'body' || p.type === 'obj' || p.type === 'subTitle' ? 'body' : 'other';
        return { ...p, box: p.box ?? from?.box, style: resolveStyle(style, from?.own, masterTextStyle(masterXml, kind, scheme), kind) };
      });
      layouts.push({
        part: lr.target,
        name: attr(/<p:cSld\b[^>]*>/.exec(xml)?.[0] ?? '', 'name') ?? posix.basename(lr.target, '.xml'),
        type: attr(/<p:sldLayout\b[^>]*>/.exec(xml)?.[0] ?? '', 'type'),
        master: rel.target,
        placeholders: own,
        background: backgroundOf(xml, scheme) ?? masterBg ?? scheme('bg1'),
        graphics: [...(/<p:sldLayout\b[^>]*showMasterSp="(0|false)"/.test(xml) ? [] : masterGraphics), ...graphicsOf(xml)],
      });
    }
  }
  if (masters.length === 0 || !theme) throw fail(file, 'has no slide master or no theme', 'open it in PowerPoint and save it again as a .potx');
  const sampleSlides = [...presentation.matchAll(/<p:sldId\b[^>]*r:id="([^"]+)"/g)].flatMap((m) => {
    const r = presRels.get(m[1]!);
    return r ? [r.target] : [];
  });
  return { file, size, theme, masters, layouts, sampleSlides, standardColorMap, pkg, packed: new Map() };
}

/** The slide kinds briefdeck builds, which a reference's layouts are chosen for. */
export type SlideKind = 'title' | 'agenda' | 'section' | 'table' | 'sources';

const has = (l: ReferenceLayout, ...types: string[]) => types.every((t) => l.placeholders.some((p) => p.type === t));
const hasTitle = (l: ReferenceLayout) => l.placeholders.some((p) => p.type === 'title' || p.type === 'ctrTitle');

/**
 * The reference layout for each slide kind: the theme's explicit map first (an unknown name is an
 * error with the layouts it has), else by placeholder types. A reference with no layout holding a
 * title placeholder is an error that names what it has.
 */
export function mapLayouts(ref: Reference, explicit: Partial<Record<string, string>> = {}, where?: { file: string; line?: number; col?: number }): Record<string, ReferenceLayout> {
  const titled = ref.layouts.filter(hasTitle);
  if (titled.length === 0) {
    throw new BriefdeckError('REFERENCE_INVALID', `has no layout with a title placeholder (layouts: ${ref.layouts.map((l) => `"${l.name}"`).join(', ') || 'none'})`, {
      location: { file: ref.file },
      hint: 'every briefdeck slide has a title; add a title placeholder to a layout in PowerPoint (View › Slide Master)',
    });
  }
  const byName = (name: string, kind: string) => {
    const l = ref.layouts.find((x) => x.name === name);
    if (l) return l;
    const guess = didYouMean(name, ref.layouts.map((x) => x.name));
    throw new BriefdeckError('REFERENCE_INVALID', `layouts.${kind}: no layout "${name}" in ${ref.file}${guess ? `; did you mean "${guess}"?` : ''}`, {
      ...(where ? { location: where } : { location: { file: ref.file } }),
      hint: `its layouts: ${ref.layouts.map((x) => `"${x.name}"`).join(', ')}`,
    });
  };
  const pick = (...tests: ((l: ReferenceLayout) => boolean)[]) => {
    for (const t of tests) {
      const l = titled.find(t);
      if (l) return l;
    }
    return titled[0]!;
  };
  const bodies = (l: ReferenceLayout) => l.placeholders.filter((p) => p.type === 'body' || p.type === 'obj').length;
  const plain = (l: ReferenceLayout) => !has(l, 'subTitle') && !has(l, 'ctrTitle');
  // a layout for text: one body, else any body, else a title-only layout rather than the title slide's
  const text = [(l: ReferenceLayout) => l.type === 'obj', (l: ReferenceLayout) => bodies(l) === 1 && !has(l, 'subTitle'), (l: ReferenceLayout) => bodies(l) > 0 && !has(l, 'subTitle'), plain];
  const auto: Record<SlideKind, ReferenceLayout> = {
    title: pick((l) => has(l, 'ctrTitle', 'subTitle'), (l) => l.type === 'title', (l) => has(l, 'subTitle')),
    section: pick(...text),
    agenda: pick(...text),
    table: pick((l) => l.type === 'titleOnly', (l) => bodies(l) === 0 && !has(l, 'subTitle') && !has(l, 'ctrTitle'), ...text),
    sources: pick(...text),
  };
  const out: Record<string, ReferenceLayout> = { ...auto };
  for (const [kind, name] of Object.entries(explicit)) if (name !== undefined) out[kind] = byName(name, kind);
  return out;
}

/** A placeholder as a template draws in it: box and text style in the markup's own terms. */
export interface Place {
  x: number;
  y: number;
  w: number;
  h: number;
  size: number;
  bold: boolean;
  color: string;
  font: string;
  inset: number;
  align: PlaceholderStyle['align'];
  valign: PlaceholderStyle['anchor'];
  lineSpacing: number;
  /** A fill to set behind the text, where the reference draws graphics under its box: its background colour. Else null. */
  backdrop: string | null;
}

export interface Places {
  title: Place;
  /** The layout's subtitle placeholder, else where content goes. */
  subtitle: Place;
  /** Where content goes: the layout's body placeholder, else the area below the title. */
  body: Place;
}

const overlap = (a: Box, b: Box) => Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));

const r3 = (v: number) => Math.round(v * 1000) / 1000;

/** The larger-contrast of two colours against a background: what text on it is drawn in when its own colour reads badly. */
export type ContrastPick = (preferred: string | undefined, background: string | undefined) => string;

/**
 * The boxes and text styles a reference layout gives a slide's title, subtitle and content, kept
 * clear of the classification banners (`band` inches at the top and bottom of the page).
 */
export function placesFor(ref: Reference, layout: ReferenceLayout, band: number, pick: ContrastPick): Places {
  const page = ref.size;
  const top = band > 0 ? band + 0.05 : 0;
  const bottom = page.h - (band > 0 ? band + 0.05 : 0);
  const clip = (b: Box): Box => {
    const y = Math.max(b.y, top);
    const x = Math.max(b.x, 0);
    return { x, y, w: Math.min(b.w, page.w - x), h: Math.max(0.3, Math.min(b.y + b.h, bottom) - y) };
  };
  const fonts = ref.theme.fonts;
  const place = (p: Placeholder | undefined, fallback: Box, kind: 'title' | 'body'): Place => {
    const s = p?.style;
    const b = clip(p?.box ?? fallback);
    const font = (s?.font ?? (kind === 'title' ? 'major' : 'minor')) === 'major' ? fonts.major.latin : fonts.minor.latin;
    // text over the reference's own graphics would not read: it gets the background colour behind it
    const busy = layout.graphics.some((g) => overlap(g, b) > 0.02 * b.w * b.h);
    const backdrop = busy ? (layout.background ?? ref.theme.colors['lt1'] ?? 'FFFFFF') : null;
    return {
      x: r3(b.x),
      y: r3(b.y),
      w: r3(b.w),
      h: r3(b.h),
      size: s?.size ?? (kind === 'title' ? 32 : 18),
      bold: s?.bold ?? false,
      color: pick(s?.color, backdrop ?? layout.background),
      font: font || 'Calibri',
      // one inset each side in the markup: the larger side's, so what fits here fits in the reference's own
      inset: r3(Math.max(s?.insets.l ?? 0.1, s?.insets.r ?? 0.1, s?.insets.t ?? 0.05, s?.insets.b ?? 0.05)),
      align: s?.align ?? 'left',
      valign: s?.anchor ?? (kind === 'title' ? 'middle' : 'top'),
      lineSpacing: s?.lineSpacing ?? 1,
      backdrop,
    };
  };
  const find = (...types: string[]) => layout.placeholders.find((p) => types.includes(p.type) && p.box);
  const titlePh = find('ctrTitle', 'title');
  const titleBox = clip(titlePh?.box ?? { x: page.w * 0.08, y: page.h * 0.05, w: page.w * 0.84, h: page.h * 0.15 });
  const bodies = layout.placeholders.filter((p) => (p.type === 'body' || p.type === 'obj') && p.box);
  const bodyPh = bodies.sort((a, b) => b.box!.w * b.box!.h - a.box!.w * a.box!.h)[0];
  // no body placeholder (a "Title Only" layout): the page below the title, above its footer placeholders
  const feet = layout.placeholders.filter((p) => ['dt', 'ftr', 'sldNum'].includes(p.type) && p.box && p.box.y > titleBox.y + titleBox.h).map((p) => p.box!.y);
  const below = titleBox.y + titleBox.h + 0.15;
  const floor = Math.min(bottom, ...feet) - 0.1;
  const area: Box = { x: titleBox.x, y: below, w: titleBox.w, h: Math.max(0.5, floor - below) };
  const sub = find('subTitle');
  return {
    title: place(titlePh, titleBox, 'title'),
    subtitle: sub ? place(sub, sub.box!, 'body') : place(bodyPh, area, 'body'),
    body: place(bodyPh, area, 'body'),
  };
}
