import JSZip from 'jszip';

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
      s = new TextDecoder().decode(bytes);
      this.text.set(name, s);
    }
    return s;
  }

  setXml(name: string, xml: string): void {
    this.text.set(name, xml);
    this.parts.set(name, new TextEncoder().encode(xml));
  }

  remove(name: string): void {
    this.parts.delete(name);
    this.text.delete(name);
  }

  xmlParts(): string[] {
    return this.names().filter((n) => n.endsWith('.xml') || n.endsWith('.rels'));
  }
}

export async function readPackage(data: Uint8Array): Promise<Package> {
  const zip = await JSZip.loadAsync(data);
  const parts = new Map<string, Uint8Array>();
  const stored = new Set<string>();
  for (const [name, file] of Object.entries(zip.files)) {
    if (file.dir) continue;
    parts.set(name, await file.async('uint8array'));
    // JSZip keeps the entry's method on a private field; STORE is 0x0000
    const method = (file as unknown as { _data?: { compression?: { magic?: string } } })._data?.compression?.magic;
    if (method === '\x00\x00') stored.add(name);
  }
  return new Package(parts, stored);
}

/** Fixed zip entry date, so the same input gives byte-identical decks. */
export const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

/** Zip the package: [Content_Types].xml first, the rest by name, DEFLATE, fixed dates. */
export async function writePackage(pkg: Package): Promise<Buffer> {
  const zip = new JSZip();
  const names = pkg.names().sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    zip.file(name, pkg.parts.get(name)!, { date: ZIP_EPOCH, createFolders: false, binary: true });
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}
