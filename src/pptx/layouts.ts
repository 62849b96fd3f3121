import type { Box, BulletsNode, LayoutNode, LayoutTree, SlideNode, TextNode, TextStyle } from '../layout/types.js';

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
  /** The body placeholder, where the layout's slides have a main block (see mainBlock). */
  body: BodyPlaceholder | undefined;
}

/**
 * A layout's body placeholder: the box of the stack its slides' main blocks flow in, and the text
 * style of the first such block in the deck at the size the template wrote. A list gives the
 * placeholder its bullet levels; a text block, paragraphs without markers.
 */
export interface BodyPlaceholder {
  box: Box;
  style: TextStyle;
  fill: string | undefined;
  inset: number;
  /** Bullets with this hanging indent per level, in inches; or none. */
  bullets: boolean;
  /** Space after each paragraph, in points. */
  spacing: number;
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
  // nothing of the slide's own text: a continued title's suffix is the slide's, not its layout's
  const { suffix: _suffix, ...own } = n;
  return { ...own, style: { ...n.style, size: n.declaredSize ?? n.style.size }, paragraphs: [] };
}

const roleNode = (s: SlideNode, role: 'title' | 'subtitle') => s.nodes.find((n): n is TextNode => n.kind === 'text' && n.role === role);

/**
 * A slide's main block, which goes in its layout's body placeholder: the first bullet list that a
 * `<stack>` placed, else the first text block a stack placed (a summary alone). Everything else
 * stays a text box: a summary above a list, a table's lead and note, the agenda's numbered rows,
 * text the template placed at fixed coordinates. One block per slide, as a layout has one body.
 */
export function mainBlock(s: SlideNode): TextNode | BulletsNode | undefined {
  const placed = s.nodes.filter((n): n is TextNode | BulletsNode => (n.kind === 'bullets' || (n.kind === 'text' && n.role === 'body')) && !n.chrome && n.region !== undefined);
  return placed.find((n) => n.kind === 'bullets') ?? placed[0];
}

function bodyOf(n: TextNode | BulletsNode): BodyPlaceholder {
  const region = n.region!;
  return {
    box: region.box,
    style: { ...n.style, size: region.size },
    fill: n.kind === 'text' ? n.fill : undefined,
    inset: n.inset,
    bullets: n.kind === 'bullets' && n.marker === 'bullet',
    spacing: n.kind === 'bullets' ? n.spacing : 0,
  };
}

export function planLayouts(tree: LayoutTree, master: string): DeckLayouts {
  const layouts: LayoutDef[] = [];
  const keys: string[] = [];
  // one body placeholder per template layout, from its first slide with a list (else with a main block), so slides whose main block differs share a layout
  const bodies = new Map<string, BodyPlaceholder>();
  for (const pass of ['bullets', 'text'] as const) {
    for (const s of tree.slides) {
      const main = mainBlock(s);
      if (main?.kind === pass && !bodies.has(s.layout)) bodies.set(s.layout, bodyOf(main));
    }
  }
  const slideLayout = tree.slides.map((s) => {
    const def: Omit<LayoutDef, 'name'> = {
      kind: s.layout,
      titleSlide: s.layout === 'title',
      background: s.background,
      chrome: s.nodes.filter((n) => n.kind !== 'stack' && n.chrome),
      title: placeholder(roleNode(s, 'title')),
      subtitle: placeholder(roleNode(s, 'subtitle')),
      body: bodies.get(s.layout),
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
