import { posix } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';

/** An OPC package in memory: part name (no leading slash) → text (XML parts) or bytes. */
export class Package {
  constructor(
    readonly parts: Map<string, string | Uint8Array>,
    /** Parts the zip stored without compression. */
    readonly stored: ReadonlySet<string> = new Set(),
    /** Parts of the package dealt with elsewhere (packed as they were written, or reused): present, but not here. */
    readonly elsewhere: ReadonlySet<string> = new Set(),
  ) {}

  /** The parts held here. */
  names(): string[] {
    return [...this.parts.keys()];
  }

  /** Every part of the package, those dealt with elsewhere included. */
  allNames(): string[] {
    return [...this.parts.keys(), ...[...this.elsewhere].filter((n) => !this.parts.has(n))];
  }

  has(name: string): boolean {
    return this.parts.has(name) || this.elsewhere.has(name);
  }

  xml(name: string): string {
    const p = this.parts.get(name);
    if (p === undefined) throw new Error(`no part ${name}`);
    if (typeof p === 'string') return p;
    const s = strFromU8(p);
    this.parts.set(name, s);
    return s;
  }

  setXml(name: string, xml: string): void {
    this.parts.set(name, xml);
  }

  remove(name: string): void {
    this.parts.delete(name);
  }

  xmlParts(): string[] {
    return this.names().filter(isXmlPart);
  }
}

export const isXmlPart = (n: string) => n.endsWith('.xml') || n.endsWith('.rels');

/** An XML part's text, or undefined where the package has no such part. */
/**
 * XML parts that declare a DTD, and where: Open Packaging Conventions forbid DTDs in a package
 * ([M1.18]: they enable entity-expansion attacks) and tell a reader to treat one as an error.
 */
export const dtdParts = (pkg: Package): { part: string; at: number }[] =>
  pkg
    .names()
    .filter(isXmlPart)
    .flatMap((part) => {
      const at = pkg.xml(part).indexOf('<!DOCTYPE');
      return at >= 0 ? [{ part, at }] : [];
    });

export const xmlOf = (pkg: Package, name: string): string | undefined => (pkg.parts.has(name) ? pkg.xml(name) : undefined);

/** The relationships part of a part: `ppt/_rels/presentation.xml.rels`; `_rels/.rels` for the package (""). */
export const relsPartOf = (part: string): string => `${posix.dirname(part)}/_rels/${posix.basename(part)}.rels`.replace(/^\.\//, '');

/** One relationship of a part, its target resolved to a part name (an external one left as its URL). */
export interface Relationship {
  id: string;
  /** The whole relationship type URI. */
  type: string;
  target: string;
  external: boolean;
}

export const attrOf = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** A part's relationships, in document order; those without an id or a target are left out. */
export function relationships(pkg: Package, part: string): Relationship[] {
  const xml = xmlOf(pkg, relsPartOf(part));
  if (xml === undefined) return [];
  const out: Relationship[] = [];
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const tag = m[0];
    const id = attrOf(tag, 'Id');
    const target = attrOf(tag, 'Target');
    if (!id || target === undefined) continue;
    const external = attrOf(tag, 'TargetMode') === 'External';
    const resolved = external ? target : target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(posix.dirname(part), target));
    out.push({ id, type: attrOf(tag, 'Type') ?? '', target: resolved, external });
  }
  return out;
}

/** Entry names with compression method 0 (stored), from the zip's central directory. */
function storedEntries(data: Uint8Array): Set<string> {
  const out = new Set<string>();
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // end of central directory: the last 0x06054b50 signature
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 65557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return out;
  let count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  // a ZIP64 package keeps its counts in the ZIP64 end record, which the locator before this one points at
  if ((count === 0xffff || p === 0xffffffff) && eocd >= 20 && view.getUint32(eocd - 20, true) === 0x07064b50) {
    const rec = Number(view.getBigUint64(eocd - 12, true));
    if (rec + 56 <= data.length && view.getUint32(rec, true) === 0x06064b50) {
      count = Number(view.getBigUint64(rec + 32, true));
      p = Number(view.getBigUint64(rec + 48, true));
    }
  }
  for (let n = 0; n < count && p + 46 <= data.length && view.getUint32(p, true) === 0x02014b50; n++) {
    const method = view.getUint16(p + 10, true);
    const size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const name = strFromU8(data.subarray(p + 46, p + 46 + nameLen));
    if (method === 0 && size > 0 && !name.endsWith('/')) out.add(name);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** A package whose parts would unpack to more than the limit: a zip bomb, or more than a deck holds. */
export class PackageTooLarge extends Error {
  constructor(
    readonly part: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`${part} unpacks to ${Math.round(bytes / 2 ** 20)} MiB, past the limit of ${Math.round(limit / 2 ** 20)} MiB for the parts read`);
  }
}

export interface ReadOptions {
  /** Most bytes the unpacked parts may take together; default unlimited. */
  maxBytes?: number;
  /** Unpack only XML parts; the others are listed with no bytes (what `check` needs). */
  xmlOnly?: boolean;
}

export async function readPackage(data: Uint8Array, opts: ReadOptions = {}): Promise<Package> {
  let total = 0;
  const skipped: string[] = [];
  const files = unzipSync(data, {
    // sizes as the zip declares them; fflate unpacks into a buffer of the declared size, so a
    // part that lies about its size cannot take more
    filter: (f) => {
      if (f.name.endsWith('/')) return false;
      if (opts.xmlOnly && !isXmlPart(f.name)) {
        skipped.push(f.name);
        return false;
      }
      total += f.originalSize;
      if (opts.maxBytes !== undefined && total > opts.maxBytes) throw new PackageTooLarge(f.name, f.originalSize, opts.maxBytes);
      return true;
    },
  });
  const parts = new Map<string, Uint8Array>();
  for (const [name, bytes] of Object.entries(files)) parts.set(name, bytes);
  for (const name of skipped) parts.set(name, new Uint8Array(0));
  return new Package(parts, storedEntries(data));
}

/** Fixed zip entry date, so the same input gives byte-identical decks. */
export const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

// DOS date and time of 1980-01-01 00:00, the zip epoch
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** One part, compressed, with the fields its zip headers need. */
export interface ZipEntry {
  name: Buffer;
  packed: Buffer;
  crc: number;
  size: number;
}

/** A copy in memory of its own: zlib's output and small Buffers are views of larger slabs, which a cached view would keep alive. */
function own(b: Uint8Array): Buffer {
  const out = Buffer.allocUnsafeSlow(b.length);
  out.set(b);
  return out;
}

/** DEFLATE one part with Node's native zlib. */
export function packPart(name: string, data: string | Uint8Array): ZipEntry {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return { name: own(Buffer.from(name, 'utf8')), packed: own(deflateRawSync(bytes, { level: 6 })), crc: crc32(bytes), size: bytes.length };
}

/** [Content_Types].xml first, as Office writes it, then the rest by name. */
export const zipOrder = (a: string, b: string) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0);

/** Zip packed entries in the order given, with fixed dates, so the same parts always give the same bytes. */
export function zipEntries(entries: readonly ZipEntry[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    // the local header and the central directory entry share this run of fields
    const common = (b: Buffer, at: number) => {
      b.writeUInt16LE(20, at); // version needed
      b.writeUInt16LE(0x0800, at + 2); // UTF-8 names
      b.writeUInt16LE(8, at + 4); // deflate
      b.writeUInt16LE(DOS_TIME, at + 6);
      b.writeUInt16LE(DOS_DATE, at + 8);
      b.writeUInt32LE(e.crc, at + 10);
      b.writeUInt32LE(e.packed.length, at + 14);
      b.writeUInt32LE(e.size, at + 18);
      b.writeUInt16LE(e.name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common(local, 4);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4); // made by
    common(cd, 6);
    cd.writeUInt32LE(offset, 42);
    chunks.push(local, e.name, e.packed);
    central.push(cd, e.name);
    offset += local.length + e.name.length + e.packed.length;
  }
  const cdSize = central.reduce((s, b) => s + b.length, 0);
  if (offset + cdSize > 0xffffffff) throw new RangeError(`a package of ${offset + cdSize} bytes is beyond what this zip writer writes (4 GiB)`);
  // more entries than the end record's 16-bit counts hold: a ZIP64 end record and its locator
  // carry the counts, and the classic record says to look there (APPNOTE 4.3.14-4.3.16)
  const zip64 = entries.length > 0xfffe;
  const tail: Buffer[] = [];
  if (zip64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4); // size of the rest of this record
    rec.writeUInt16LE(45, 12); // made by: 4.5, ZIP64
    rec.writeUInt16LE(45, 14); // needed
    rec.writeBigUInt64LE(BigInt(entries.length), 24);
    rec.writeBigUInt64LE(BigInt(entries.length), 32);
    rec.writeBigUInt64LE(BigInt(cdSize), 40);
    rec.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + cdSize), 8);
    locator.writeUInt32LE(1, 16); // disks
    tail.push(rec, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, ...tail, end]);
}
