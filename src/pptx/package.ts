import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

/** An OPC package in memory: part name (no leading slash) → bytes; XML parts also as text. */
export class Package {
  private readonly text = new Map<string, string>();
  constructor(
    readonly parts: Map<string, Uint8Array>,
    /** Parts the zip stored without compression. */
    readonly stored: ReadonlySet<string> = new Set(),
  ) {}

  names(): string[] {
    return [...this.parts.keys()];
  }

  has(name: string): boolean {
    return this.parts.has(name);
  }

  xml(name: string): string {
    let s = this.text.get(name);
    if (s === undefined) {
      const bytes = this.parts.get(name);
      if (!bytes) throw new Error(`no part ${name}`);
      s = strFromU8(bytes);
      this.text.set(name, s);
    }
    return s;
  }

  setXml(name: string, xml: string): void {
    this.text.set(name, xml);
    this.parts.set(name, strToU8(xml));
  }

  remove(name: string): void {
    this.parts.delete(name);
    this.text.delete(name);
  }

  xmlParts(): string[] {
    return this.names().filter((n) => n.endsWith('.xml') || n.endsWith('.rels'));
  }
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
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
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

export async function readPackage(data: Uint8Array): Promise<Package> {
  const files = unzipSync(data);
  const parts = new Map<string, Uint8Array>();
  for (const [name, bytes] of Object.entries(files)) if (!name.endsWith('/')) parts.set(name, bytes);
  return new Package(parts, storedEntries(data));
}

/** Fixed zip entry date, so the same input gives byte-identical decks. */
export const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
// fflate writes DOS times in local time; this local date encodes as 1980-01-01 00:00 everywhere
const LOCAL_EPOCH = new Date(1980, 0, 1, 0, 0, 0);

/** Zip the package: [Content_Types].xml first, the rest by name, DEFLATE, fixed dates. */
export async function writePackage(pkg: Package): Promise<Buffer> {
  const names = pkg.names().sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const files: Zippable = {};
  for (const name of names) files[name] = [pkg.parts.get(name)!, { level: 6, mtime: LOCAL_EPOCH }];
  return Buffer.from(zipSync(files));
}
