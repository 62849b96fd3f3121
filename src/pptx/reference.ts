/**
 * An office's own template (.potx or .pptx) read as a reference: its slide size, theme, masters and
 * layouts with their placeholders' geometry. Reading only; nothing here writes a deck. Every way a
 * file can fail to be a usable reference is a BriefdeckError that names the file and says what to do.
 */
import { posix } from 'node:path';
import { unzipSync } from 'fflate';
import { BriefdeckError } from '../base/errors.js';
import { didYouMean } from '../base/suggest.js';
import { Package } from './package.js';

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
}

export interface ReferenceLayout {
  /** Part name, e.g. `ppt/slideLayouts/slideLayout2.xml`. */
  part: string;
  name: string;
  /** The layout's `type` attribute (title, obj, titleOnly…), when it has one. */
  type: string | undefined;
  master: string;
  placeholders: Placeholder[];
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
  pkg: Package;
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

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** Relationships of a part: id → { type, target resolved to a part name (or the external URL) }. */
function relsOf(pkg: Package, part: string, file: string): Map<string, { type: string; target: string; external: boolean }> {
  const rels = `${posix.dirname(part)}/_rels/${posix.basename(part)}.rels`.replace(/^\.\//, '');
  const out = new Map<string, { type: string; target: string; external: boolean }>();
  if (!pkg.has(rels)) return out;
  for (const m of pkg.xml(rels).matchAll(/<Relationship\b[^>]*>/g)) {
    const tag = m[0];
    const id = attr(tag, 'Id');
    const type = attr(tag, 'Type') ?? '';
    const target = attr(tag, 'Target');
    if (!id || target === undefined) continue;
    const external = attr(tag, 'TargetMode') === 'External';
    const resolved = external ? target : target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(posix.dirname(part), target));
    if (!external && !pkg.has(resolved)) throw fail(file, `its part ${part} refers to ${resolved}, which is not in the package`, 'open it in PowerPoint and save it again, which repairs broken relationships');
    out.set(id, { type: type.slice(type.lastIndexOf('/') + 1), target: resolved, external });
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

/** The placeholders of a layout or master part, in document order. */
function placeholders(xml: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (const m of xml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)) {
    const sp = m[1]!;
    const ph = /<p:ph\b[^>]*\/?>/.exec(sp)?.[0];
    if (!ph) continue;
    const idx = attr(ph, 'idx');
    const spPr = /<p:spPr\b[^>]*>([\s\S]*?)<\/p:spPr>|<p:spPr\/>/.exec(sp)?.[1] ?? '';
    out.push({ type: attr(ph, 'type') ?? 'obj', idx: idx === undefined ? undefined : Number(idx), name: attr(/<p:cNvPr\b[^>]*>/.exec(sp)?.[0] ?? '', 'name') ?? '', box: box(spPr) });
  }
  return out;
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
  const ct = pkg.has('[Content_Types].xml') ? pkg.xml('[Content_Types].xml') : '';
  const main = /<Override PartName="\/([^"]+)" ContentType="application\/vnd\.openxmlformats-officedocument\.presentationml\.(presentation|template|slideshow)\.main\+xml"/.exec(ct)?.[1];
  if (!main || !pkg.has(main)) throw fail(file, 'is a zip package but not a presentation (no presentation part)', 'give a PowerPoint template (.potx) or presentation (.pptx); a .docx or .xlsx will not do');
  const presentation = pkg.xml(main);
  const presRels = relsOf(pkg, main, file);
  const sz = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(presentation);
  const size = sz ? { w: Number(sz[1]) / EMU, h: Number(sz[2]) / EMU } : { w: 10, h: 7.5 };
  const masters: { part: string; name: string }[] = [];
  const layouts: ReferenceLayout[] = [];
  let theme: ReferenceTheme | undefined;
  for (const m of presentation.matchAll(/<p:sldMasterId\b[^>]*r:id="([^"]+)"/g)) {
    const rel = presRels.get(m[1]!);
    if (!rel) throw fail(file, `its presentation names master ${m[1]}, which has no relationship`, 'open it in PowerPoint and save it again');
    const masterXml = pkg.xml(rel.target);
    const masterRels = relsOf(pkg, rel.target, file);
    const masterPh = placeholders(masterXml);
    masters.push({ part: rel.target, name: attr(/<p:cSld\b[^>]*>/.exec(masterXml)?.[0] ?? '', 'name') ?? posix.basename(rel.target, '.xml') });
    for (const r of masterRels.values()) {
      if (r.type === 'theme' && !theme) theme = readTheme(pkg.xml(r.target));
    }
    for (const lm of masterXml.matchAll(/<p:sldLayoutId\b[^>]*r:id="([^"]+)"/g)) {
      const lr = masterRels.get(lm[1]!);
      if (!lr) continue;
      const xml = pkg.xml(lr.target);
      const own = placeholders(xml).map((p) => ({ ...p, box: p.box ?? masterPh.find((q) => inheritsFrom(q.type) === inheritsFrom(p.type))?.box }));
      layouts.push({ part: lr.target, name: attr(/<p:cSld\b[^>]*>/.exec(xml)?.[0] ?? '', 'name') ?? posix.basename(lr.target, '.xml'), type: attr(/<p:sldLayout\b[^>]*>/.exec(xml)?.[0] ?? '', 'type'), master: rel.target, placeholders: own });
    }
  }
  if (masters.length === 0 || !theme) throw fail(file, 'has no slide master or no theme', 'open it in PowerPoint and save it again as a .potx');
  const sampleSlides = [...presentation.matchAll(/<p:sldId\b[^>]*r:id="([^"]+)"/g)].flatMap((m) => {
    const r = presRels.get(m[1]!);
    return r ? [r.target] : [];
  });
  return { file, size, theme, masters, layouts, sampleSlides, pkg };
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
  const text = [(l: ReferenceLayout) => l.type === 'obj', (l: ReferenceLayout) => bodies(l) === 1 && !has(l, 'subTitle'), (l: ReferenceLayout) => bodies(l) > 0 && !has(l, 'subTitle')];
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
