import { hash } from 'node:crypto';
import type { Memo } from '../base/memo.js';
import { PACKAGE_DEFECTS, PART_DEFECTS, type ConformOptions } from './defects/index.js';
import { makeNative, type NativeOptions } from './masters.js';
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

/**
 * Apply every fix to a pptxgenjs deck's parts and pack each one. `parts.skip` names parts the caller
 * replaces (slides reused from an earlier deck); `parts.unique`, parts no earlier deck can have had,
 * which are not worth a digest.
 */
export async function conformEntries(
  data: Uint8Array | Map<string, string | Uint8Array>,
  opts: ConformOptions,
  parts: { skip?: ReadonlySet<string>; unique?: ReadonlySet<string>; memo?: PartMemo; native?: NativeOptions } = {},
): Promise<Map<string, ZipEntry>> {
  const { skip, unique, memo, native } = parts;
  const pkg = data instanceof Map ? new Package(data) : await readPackage(data);
  for (const d of PACKAGE_DEFECTS) d.fix(pkg, opts);
  if (native) makeNative(pkg, native, skip);
  setDocumentDates(pkg, opts.date);
  const fonts = JSON.stringify(opts.eaFonts);
  const entries = new Map<string, ZipEntry>();
  for (const name of pkg.names()) {
    if (skip?.has(name)) continue;
    if (!isXmlPart(name)) {
      entries.set(name, packPart(name, pkg.parts.get(name)!));
      continue;
    }
    const raw = pkg.xml(name);
    if (unique?.has(name) || !memo) {
      entries.set(name, packPart(name, fixPart(name, raw, opts)));
      continue;
    }
    const key = `${fonts}\u0000${name}\u0000${hash('sha256', raw, 'base64')}`;
    entries.set(name, memo.get(key) ?? memo.set(key, packPart(name, fixPart(name, raw, opts))));
  }
  return entries;
}

/** Zip entries in package order. */
export const zipPackage = (entries: Map<string, ZipEntry>): Buffer => zipEntries([...entries.keys()].sort(zipOrder).map((n) => entries.get(n)!));

/** Apply every fix to a pptxgenjs deck; returns a DEFLATE-compressed, deterministic package. */
export async function conformPptx(data: Uint8Array | Map<string, string | Uint8Array>, opts: ConformOptions): Promise<Buffer> {
  return zipPackage(await conformEntries(data, opts));
}
