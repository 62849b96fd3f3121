import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Word {
  page: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

export interface PdfPage {
  width: number;
  height: number;
  words: Word[];
}

/** Word boxes, in points, from `pdftotext -bbox`. */
export async function pdfWords(pdf: string): Promise<PdfPage[]> {
  const { stdout } = await run('pdftotext', ['-bbox', pdf, '-'], { maxBuffer: 256 * 1024 * 1024 });
  const pages: PdfPage[] = [];
  for (const p of stdout.split('<page ').slice(1)) {
    const width = Number(/width="([\d.]+)"/.exec(p)?.[1]);
    const height = Number(/height="([\d.]+)"/.exec(p)?.[1]);
    const words = [...p.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)].map((m) => ({
      page: pages.length,
      x0: Number(m[1]),
      y0: Number(m[2]),
      x1: Number(m[3]),
      y1: Number(m[4]),
      text: m[5]!,
    }));
    pages.push({ width, height, words });
  }
  return pages;
}

/** pdftotext boxes span the font's ascent and descent: 1.3 × the size, for Carlito and Noto Sans CJK alike. */
export const BOX_TO_SIZE = 1 / 1.3;

/**
 * Two words collide when their boxes cross by more than a sliver across and by more than 30% of
 * the smaller height. Boxes span the font's whole ascent and descent, so successive lines at single
 * spacing always cross a little (about 12%) without any glyph touching another.
 */
export function overlaps(a: Word, b: Word): boolean {
  const across = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const down = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return across > 0.5 && down > 0.3 * Math.min(a.y1 - a.y0, b.y1 - b.y0);
}
