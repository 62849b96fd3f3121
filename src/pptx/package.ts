import { deflateRawSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync } from 'fflate';

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

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// DOS date and time of 1980-01-01 00:00, the zip epoch
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * Zip the package: [Content_Types].xml first, the rest by name, DEFLATE with Node's native zlib,
 * fixed dates, so the same parts always give the same bytes.
 */
export async function writePackage(pkg: Package): Promise<Buffer> {
  const names = pkg.names().sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const data = pkg.parts.get(name)!;
    const packed = deflateRawSync(data, { level: 6 });
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    // the local header and the central directory entry share this run of fields
    const common = (b: Buffer, at: number) => {
      b.writeUInt16LE(20, at); // version needed
      b.writeUInt16LE(0x0800, at + 2); // UTF-8 names
      b.writeUInt16LE(8, at + 4); // deflate
      b.writeUInt16LE(DOS_TIME, at + 6);
      b.writeUInt16LE(DOS_DATE, at + 8);
      b.writeUInt32LE(crc, at + 10);
      b.writeUInt32LE(packed.length, at + 14);
      b.writeUInt32LE(data.length, at + 18);
      b.writeUInt16LE(nameBytes.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common(local, 4);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4); // made by
    common(cd, 6);
    cd.writeUInt32LE(offset, 42);
    chunks.push(local, nameBytes, packed);
    central.push(cd, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const cdSize = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}
