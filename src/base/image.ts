/** What an image file is, by its first bytes rather than its name. */
export type ImageKind = 'png' | 'jpeg' | 'gif' | 'svg';

/** Each kind with its article, as messages name it. */
export const IMAGE_NAMES: Record<ImageKind, string> = { png: 'a PNG', jpeg: 'a JPEG', gif: 'a GIF', svg: 'an SVG' };

/** The kind a file name claims, from its extension. */
export function kindOfName(name: string): ImageKind | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ext === 'png' ? 'png' : ext === 'jpg' || ext === 'jpeg' ? 'jpeg' : ext === 'gif' ? 'gif' : ext === 'svg' ? 'svg' : undefined;
}

const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((v, i) => b[i] === v);

/** The kind the first bytes (512 are plenty) say a file is: its magic number, or an `<svg` element. */
export function kindOfBytes(head: Uint8Array): ImageKind | undefined {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38]) && (head[4] === 0x37 || head[4] === 0x39) && head[5] === 0x61) return 'gif';
  // SVG is text: an XML declaration, comments or a doctype may come before the <svg> element
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('<') && /<svg[\s>]/.test(text)) return 'svg';
  return undefined;
}
