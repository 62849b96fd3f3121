import JSZip from 'jszip';
import { readFile } from 'node:fs/promises';

export interface SlidePart {
  name: string;
  xml: string;
  /** Every a:t text, decoded, in document order. */
  texts: string[];
  /** Each a:tbl as rows of cell texts. */
  tables: string[][][];
  notes: string;
  /** The slide layout it is on: part name and XML. */
  layout: string;
  layoutXml: string;
  /** What the slide shows: its layout's texts (chrome), then its own. */
  shown: string[];
}

export interface OpenedDeck {
  zip: JSZip;
  parts: string[];
  slides: SlidePart[];
  read(name: string): Promise<string>;
}

export function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

export function textsOf(xml: string): string[] {
  return [...xml.matchAll(/<a:t>([^<]*)<\/a:t>|<a:t\/>/g)].map((m) => decodeXml(m[1] ?? ''));
}

/** Paragraph texts: a:t runs joined per a:p. */
export function paragraphsOf(xml: string): string[] {
  return [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((m) => textsOf(m[1]!).join(''));
}

function tablesOf(xml: string): string[][][] {
  return [...xml.matchAll(/<a:tbl>([\s\S]*?)<\/a:tbl>/g)].map((t) =>
    [...t[1]!.matchAll(/<a:tr[ >]([\s\S]*?)<\/a:tr>/g)].map((r) => [...r[1]!.matchAll(/<a:tc[ >]([\s\S]*?)<\/a:tc>/g)].map((c) => paragraphsOf(c[1]!).join('\n'))),
  );
}

const byNumber = (a: string, b: string) => Number(/(\d+)\.xml$/.exec(a)?.[1]) - Number(/(\d+)\.xml$/.exec(b)?.[1]);

/** Open a real .pptx and pull out what tests assert on. */
export async function openDeck(pathOrBuffer: string | Uint8Array): Promise<OpenedDeck> {
  const data = typeof pathOrBuffer === 'string' ? await readFile(pathOrBuffer) : pathOrBuffer;
  const zip = await JSZip.loadAsync(data);
  const parts = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  const read = async (name: string) => {
    const f = zip.file(name);
    if (!f) throw new Error(`no part ${name}`);
    return f.async('string');
  };
  const slideNames = parts.filter((p) => /^ppt\/slides\/slide\d+\.xml$/.test(p)).sort(byNumber);
  const slides: SlidePart[] = [];
  for (const name of slideNames) {
    const xml = await read(name);
    const rels = await read(name.replace('slides/', 'slides/_rels/') + '.rels').catch(() => '');
    const notesTarget = /Target="\.\.\/notesSlides\/(notesSlide\d+\.xml)"/.exec(rels)?.[1];
    const notesXml = notesTarget ? await read(`ppt/notesSlides/${notesTarget}`) : '';
    // the notes body is the placeholder of type body; its paragraphs are the notes
    const body = /<p:ph type="body"[\s\S]*?<p:txBody>([\s\S]*?)<\/p:txBody>/.exec(notesXml)?.[1] ?? '';
    const layoutTarget = /Target="\.\.\/slideLayouts\/(slideLayout\d+\.xml)"/.exec(rels)?.[1];
    const layout = layoutTarget ? `ppt/slideLayouts/${layoutTarget}` : '';
    const layoutXml = layout ? await read(layout) : '';
    // placeholders on the layout are prompts, not shown on the slide
    const chrome = layoutXml.replace(/<p:sp>(?:(?!<\/p:sp>)[\s\S])*?<p:ph (?:(?!<\/p:sp>)[\s\S])*<\/p:sp>/g, '');
    const texts = textsOf(xml);
    slides.push({ name, xml, texts, tables: tablesOf(xml), notes: paragraphsOf(body).join('\n'), layout, layoutXml, shown: [...textsOf(chrome), ...texts] });
  }
  return { zip, parts, slides, read };
}
