import type { LayoutNode, LayoutTree, SlideNode, TextNode } from '../layout/types.js';

/**
 * A deck's slide layouts: each template layout its slides use becomes one named PowerPoint slide
 * layout holding that layout's chrome (what the template put in `<chrome>`) and its title and
 * subtitle placeholders. A second variant exists only when a slide's chrome, background or
 * placeholder geometry differs from the first's.
 */
export interface LayoutDef {
  /** Its name in PowerPoint: "Title Slide" for the `title` layout, else the template layout's name capitalised; a variant is numbered. */
  name: string;
  /** The template layout it came from. */
  kind: string;
  /** The title slide layout: its placeholders are ctrTitle and subTitle. */
  titleSlide: boolean;
  background: string | undefined;
  /** Chrome in template order. */
  chrome: LayoutNode[];
  /** The title and subtitle placeholders' geometry and style, at the size the template wrote. */
  title: TextNode | undefined;
  subtitle: TextNode | undefined;
}

export interface DeckLayouts {
  /** The slide master's name: the template set's. */
  master: string;
  layouts: LayoutDef[];
  /** Per slide, the index of its layout in `layouts`. */
  slideLayout: number[];
}

/** pptxgenjs writes its own empty layout first; defined layouts follow it, numbered from 2. */
export const layoutPart = (index: number): string => `ppt/slideLayouts/slideLayout${index + 2}.xml`;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A placeholder as the layout holds it: its box and style at the template's size, no text. */
function placeholder(n: TextNode | undefined): TextNode | undefined {
  if (!n) return undefined;
  return { ...n, style: { ...n.style, size: n.declaredSize ?? n.style.size }, paragraphs: [] };
}

const roleNode = (s: SlideNode, role: 'title' | 'subtitle') => s.nodes.find((n): n is TextNode => n.kind === 'text' && n.role === role);

export function planLayouts(tree: LayoutTree, master: string): DeckLayouts {
  const layouts: LayoutDef[] = [];
  const keys: string[] = [];
  const slideLayout = tree.slides.map((s) => {
    const def: Omit<LayoutDef, 'name'> = {
      kind: s.layout,
      titleSlide: s.layout === 'title',
      background: s.background,
      chrome: s.nodes.filter((n) => n.kind !== 'stack' && n.chrome),
      title: placeholder(roleNode(s, 'title')),
      subtitle: placeholder(roleNode(s, 'subtitle')),
    };
    const key = JSON.stringify(def);
    const at = keys.indexOf(key);
    if (at >= 0) return at;
    const base = def.titleSlide ? 'Title Slide' : capitalise(s.layout || 'Layout');
    const same = layouts.filter((l) => l.kind === def.kind).length;
    layouts.push({ name: same ? `${base} ${same + 1}` : base, ...def });
    keys.push(key);
    return layouts.length - 1;
  });
  return { master, layouts, slideLayout };
}

/** The slide's title text, for names ("Table: …") and messages. */
export const slideTitle = (s: SlideNode): string => roleNode(s, 'title')?.paragraphs.join(' ') ?? '';

const short = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A shape's name in PowerPoint's selection pane: what it is, not "Text 6". */
export function shapeName(n: LayoutNode, title: string): string {
  if ('name' in n && n.name) return n.name;
  switch (n.kind) {
    case 'text':
      return n.role === 'title' ? 'Title' : n.role === 'subtitle' ? 'Subtitle' : `Text: ${short(n.paragraphs.join(' '))}`;
    case 'bullets':
      return `List: ${short(n.items[0]?.text ?? '')}`;
    case 'table':
      return `Table: ${short(title, 80)}`;
    case 'rect':
      return 'Decoration';
    case 'image':
      return n.alt ? `Picture: ${short(n.alt)}` : 'Picture';
    case 'slide-number':
      return 'Slide number';
    case 'stack':
      return 'Stack';
  }
}

/**
 * Reading order, which is the drawing order: the title, the subtitle, then the content top to
 * bottom and left to right; the slide number comes last on its own.
 */
export function readingOrder<T extends LayoutNode>(nodes: readonly T[]): T[] {
  const rank = (n: LayoutNode) => (n.kind === 'text' && n.role === 'title' ? 0 : n.kind === 'text' && n.role === 'subtitle' ? 1 : 2);
  return nodes
    .map((n, i) => ({ n, i }))
    .sort((a, b) => rank(a.n) - rank(b.n) || a.n.box.y - b.n.box.y || a.n.box.x - b.n.box.x || a.i - b.i)
    .map((e) => e.n);
}

/** A picture's alt text and decorative mark, by the name its shape has in a part. */
export interface PictureInfo {
  alt: string | undefined;
  decorative: boolean;
}

export function uniqueName(taken: { has(name: string): boolean }, name: string): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name} ${i}`)) return `${name} ${i}`;
}
