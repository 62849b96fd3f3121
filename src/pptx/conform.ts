import { hash } from 'node:crypto';
import { strFromU8 } from 'fflate';
import type { Memo } from '../base/memo.js';
import { PACKAGE_DEFECTS, PART_DEFECTS, type ConformOptions } from './defects/index.js';
import { makeNative, nativePart, type NativeOptions } from './masters.js';
import { isXmlPart, Package, packPart, readPackage, zipEntries, zipOrder, type ZipEntry } from './package.js';

export type { ConformOptions };

/**
 * The conform stage: every known defect's fix (src/pptx/defects/) on a pptxgenjs deck's parts, so
 * PowerPoint opens it with no repair prompt; then the document dates, and each part packed.
 */

/** Document dates from the content or SOURCE_DATE_EPOCH, never the wall clock. */
function setDocumentDates(pkg: Package, date: Date): void {
  const name = 'docProps/core.xml';
  if (!pkg.has(name)) return;
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  pkg.setXml(name, pkg.xml(name).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${iso}$2`));
}

/** The fixes that look at one part alone. */
function fixPart(name: string, raw: string, opts: ConformOptions): string {
  let xml = raw;
  for (const d of PART_DEFECTS) if (d.parts.test(name)) xml = d.fix(xml, opts);
  return xml;
}

/**
 * Fixed and packed parts by a digest of their pptxgenjs text: most parts of a batch's decks are
 * the same. A digest, not the text: pptxgenjs builds its XML as ropes, which a text key would keep.
 */
export type PartMemo = Memo<ZipEntry>;

/** Slide and notes parts and their relationships: their fixes look at the part alone, so each may be fixed and packed as soon as it is written. */
export const isSelfContainedPart = (name: string): boolean => /^ppt\/(slides|notesSlides)\/(_rels\/)?[^/]+\.(xml|rels)$/.test(name);

export interface PartOptions {
  /** Parts no earlier deck can have had, which are not worth a digest. */
  unique?: ReadonlySet<string>;
  memo?: PartMemo;
  /** The native pass's options: a slide or notes part goes through it before the fixes. */
  native?: NativeOptions;
}

/** Fix and pack one part: the native pass on a slide or its notes, every fix, DEFLATE; through the memo unless `unique` names it. */
export function conformPart(name: string, data: string | Uint8Array, opts: ConformOptions, parts: PartOptions = {}): ZipEntry {
  if (!isXmlPart(name)) return packPart(name, data);
  const { unique, memo, native } = parts;
  let raw = typeof data === 'string' ? data : strFromU8(data);
  if (native) raw = nativePart(name, raw, native);
  if (unique?.has(name) || !memo) return packPart(name, fixPart(name, raw, opts));
  const key = `${JSON.stringify(opts.eaFonts)}\u0000${name}\u0000${hash('sha256', raw, 'base64')}`;
  return memo.get(key) ?? memo.set(key, packPart(name, fixPart(name, raw, opts)));
}

/**
 * Apply every fix to a pptxgenjs deck's parts and pack each one. `parts.skip` names parts the caller
 * replaces (slides reused from an earlier deck); `parts.elsewhere`, parts the caller has fixed and
 * packed already (as pptxgenjs wrote them), which the package-wide fixes see by name only.
 */
export async function conformEntries(
  data: Uint8Array | Map<string, string | Uint8Array>,
  opts: ConformOptions,
  parts: PartOptions & { skip?: ReadonlySet<string>; elsewhere?: ReadonlySet<string> } = {},
): Promise<Map<string, ZipEntry>> {
  const { skip, elsewhere, native } = parts;
  const pkg = data instanceof Map ? new Package(data, new Set(), new Set([...(elsewhere ?? []), ...(skip ?? [])])) : await readPackage(data);
  for (const d of PACKAGE_DEFECTS) d.fix(pkg, opts);
  if (native) makeNative(pkg, native);
  setDocumentDates(pkg, opts.date);
  const entries = new Map<string, ZipEntry>();
  for (const name of pkg.names()) {
    if (skip?.has(name)) continue;
    // read from the package, so what the package-wide fixes changed is what is packed
    entries.set(name, conformPart(name, isXmlPart(name) ? pkg.xml(name) : pkg.parts.get(name)!, opts, parts));
  }
  return entries;
}

/** Zip entries in package order. */
export const zipPackage = (entries: Map<string, ZipEntry>): Buffer => zipEntries([...entries.keys()].sort(zipOrder).map((n) => entries.get(n)!));

/** Apply every fix to a pptxgenjs deck; returns a DEFLATE-compressed, deterministic package. */
export async function conformPptx(data: Uint8Array | Map<string, string | Uint8Array>, opts: ConformOptions): Promise<Buffer> {
  return zipPackage(await conformEntries(data, opts));
}
