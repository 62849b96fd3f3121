import { SaxesParser } from 'saxes';
import { BriefdeckError } from '../base/errors.js';
import { LINK_ADDRESS } from '../base/paths.js';
import { BULLET_INSET } from './types.js';
import type {
  Align,
  Box,
  BulletItem,
  BulletsNode,
  ImageNode,
  LayoutNode,
  RectNode,
  SlideNode,
  SlideNumberNode,
  StackNode,
  TableNode,
  TextNode,
  TextRole,
  TextStyle,
  VAlign,
} from './types.js';

interface El {
  name: string;
  attrs: Record<string, string>;
  children: (El | string)[];
  line: number;
}

/** Defaults for attributes a template leaves out, from the theme. */
export interface MarkupDefaults {
  font: string;
  headingFont: string;
  eaFont: string;
  color: string;
  size: number;
  minSize: number;
  tableSize: number;
  tableMinSize: number;
  titleMinSize: number;
  fonts: Record<string, string>;
  colors: Record<string, string>;
  /** Resolves and checks an image path; throws when it is not allowed. */
  asset?: (src: string) => string;
}

export interface MarkupSource {
  /** The template file that produced the markup. */
  template: string;
  /** What the template was rendering, e.g. `section 3 ("Security")`. */
  what: string;
}

function toTree(markup: string, src: MarkupSource): El {
  const parser = new SaxesParser({ position: true });
  const root: El = { name: '#root', attrs: {}, children: [], line: 1 };
  const stack: El[] = [root];
  let error: BriefdeckError | undefined;
  const fail = (message: string, line: number) => {
    error ??= new BriefdeckError('MARKUP_INVALID', `invalid slide markup from ${src.what}: ${message}`, {
      location: { file: src.template },
      hint: `line ${line} of the rendered markup`,
    });
  };
  parser.on('error', (e) => {
    fail(e.message.replace(/^[^:]*:\d+:\d+: /, ''), parser.line);
  });
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = typeof v === 'string' ? v : v.value;
    const el: El = { name: tag.name, attrs, children: [], line: parser.line };
    stack[stack.length - 1]!.children.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (t) => {
    stack[stack.length - 1]!.children.push(t);
  });
  try {
    parser.write(`<markup>${markup}</markup>`).close();
  } catch (e) {
    if (!error) fail(e instanceof Error ? e.message : String(e), parser.line);
  }
  if (error) throw error;
  const top = root.children[0];
  if (!top || typeof top === 'string') throw new BriefdeckError('MARKUP_INVALID', `no markup from ${src.what}`, { location: { file: src.template } });
  return top;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ');

class Reader {
  constructor(
    private readonly src: MarkupSource,
    private readonly d: MarkupDefaults,
  ) {}

  fail(el: El, message: string): never {
    throw new BriefdeckError('MARKUP_INVALID', `invalid slide markup from ${this.src.what}: <${el.name}> ${message}`, {
      location: { file: this.src.template },
      hint: `line ${el.line} of the rendered markup`,
    });
  }

  allow(el: El, names: readonly string[]): void {
    for (const a of Object.keys(el.attrs)) {
      if (!names.includes(a)) this.fail(el, `has unknown attribute \`${a}\`; allowed: ${names.join(', ')}`);
    }
  }

  num(el: El, name: string, fallback?: number): number {
    const v = el.attrs[name];
    if (v === undefined || v === '') {
      if (fallback === undefined) this.fail(el, `needs attribute \`${name}\``);
      return fallback;
    }
    const n = Number(v);
    if (!Number.isFinite(n)) this.fail(el, `attribute \`${name}\` must be a number, got "${v}"`);
    const range = RANGES[name];
    if (range && (n < range[0] || n > range[1] || (range[2] && !Number.isInteger(n)))) {
      this.fail(el, `attribute \`${name}\` must be ${range[2] ? 'a whole number ' : ''}from ${range[0]} to ${range[1]}${range[3] ? ` ${range[3]}` : ''}, got "${v}"`);
    }
    return n;
  }

  color(el: El, name: string, fallback: string): string;
  color(el: El, name: string, fallback?: undefined): string | undefined;
  color(el: El, name: string, fallback?: string): string | undefined {
    const v = el.attrs[name];
    if (v === undefined || v === '' || v === 'none') return v === 'none' ? undefined : fallback;
    const named = this.d.colors[v];
    const hex = (named ?? v).replace(/^#/, '');
    if (!/^[0-9a-fA-F]{6}$/.test(hex)) this.fail(el, `attribute \`${name}\` must be a colour like 1F3864 or a theme colour name, got "${v}"`);
    return hex.toUpperCase();
  }

  bool(el: El, name: string, fallback: boolean): boolean {
    const v = el.attrs[name];
    if (v === undefined || v === '') return fallback;
    if (v === 'true') return true;
    if (v === 'false') return false;
    this.fail(el, `attribute \`${name}\` must be true or false, got "${v}"`);
  }

  oneOf<T extends string>(el: El, name: string, options: readonly T[], fallback: T): T {
    const v = el.attrs[name];
    if (v === undefined || v === '') return fallback;
    if (!(options as readonly string[]).includes(v)) this.fail(el, `attribute \`${name}\` must be one of ${options.join(', ')}, got "${v}"`);
    return v as T;
  }

  box(el: El): Box {
    const b = { x: this.num(el, 'x'), y: this.num(el, 'y'), w: this.num(el, 'w'), h: this.num(el, 'h') };
    if (b.w <= 0 || b.h <= 0) this.fail(el, 'needs a positive `w` and `h`');
    return b;
  }

  font(el: El, fallback: string): string {
    const v = el.attrs['font'];
    if (v === undefined || v === '') return fallback;
    return this.d.fonts[v] ?? v;
  }

  style(el: El, size: number, minSize: number, font = this.d.font): TextStyle {
    const s = this.num(el, 'size', size);
    return {
      font: this.font(el, font),
      eaFont: this.d.eaFont,
      size: s,
      minSize: Math.min(s, this.num(el, 'min-size', minSize)),
      maxSize: Math.max(s, this.num(el, 'max-size', s)),
      color: this.color(el, 'color', this.d.color),
      bold: this.bool(el, 'bold', false),
      italic: this.bool(el, 'italic', false),
      align: this.oneOf<Align>(el, 'align', ['left', 'center', 'right'], 'left'),
      valign: this.oneOf<VAlign>(el, 'valign', ['top', 'middle', 'bottom'], 'top'),
      lineSpacing: this.num(el, 'line-spacing', 1.15),
    };
  }

  /** Text content: whitespace collapsed like HTML; `<br/>` breaks a line, `<p>` makes paragraphs. */
  text(el: El, allowP: boolean): string[] {
    const paras: string[] = [];
    let cur = '';
    const flush = () => {
      const t = cur.trim();
      if (t) paras.push(t);
      cur = '';
    };
    for (const c of el.children) {
      if (typeof c === 'string') cur += collapse(c);
      else if (c.name === 'br') {
        this.allow(c, []);
        cur = cur.trimEnd() + '\n';
      } else if (c.name === 'p' && allowP) {
        flush();
        this.allow(c, []);
        const inner = this.text(c, false);
        paras.push(inner.join('\n'));
      } else this.fail(c, `is not allowed inside <${el.name}>`);
    }
    flush();
    return paras.map((p) => p.replace(/ *\n */g, '\n'));
  }

  textNode(el: El): TextNode {
    this.allow(el, [...BOX, ...STYLE, 'role', 'fill', 'inset', 'max-lines', 'name']);
    const role = this.oneOf<TextRole>(el, 'role', ['title', 'subtitle', 'body'], 'body');
    const title = role === 'title';
    const style = this.style(el, this.d.size, title ? this.d.titleMinSize : this.d.minSize, title ? this.d.headingFont : this.d.font);
    const maxLines = el.attrs['max-lines'] !== undefined ? this.num(el, 'max-lines') : title ? 2 : undefined;
    return {
      kind: 'text',
      role,
      box: this.box(el),
      style,
      fill: this.color(el, 'fill'),
      inset: this.num(el, 'inset', 0.05),
      maxLines,
      paragraphs: this.text(el, true),
      ...(role === 'body' ? {} : { declaredSize: style.size }),
      ...this.name(el),
    };
  }

  name(el: El): { name?: string } {
    const v = el.attrs['name']?.trim();
    return v ? { name: v } : {};
  }

  bullets(el: El): BulletsNode {
    this.allow(el, [...BOX, ...STYLE, 'bullet-color', 'spacing', 'marker']);
    const style = this.style(el, this.d.size, this.d.minSize);
    const items: BulletItem[] = [];
    for (const c of el.children) {
      if (typeof c === 'string') {
        if (c.trim()) this.fail(el, 'may hold only <li> elements, not text');
        continue;
      }
      if (c.name !== 'li') this.fail(c, `is not allowed inside <bullets>; use <li>`);
      this.allow(c, ['level', 'href']);
      const level = this.num(c, 'level', 0);
      if (!Number.isInteger(level) || level < 0 || level > 4) this.fail(c, 'attribute `level` must be 0 to 4');
      const href = c.attrs['href']?.trim();
      if (href && !LINK_ADDRESS.test(href)) this.fail(c, `attribute \`href\` must be an http(s) or mailto address, got "${href}"`);
      items.push({ text: this.text(c, false).join('\n'), level, ...(href ? { href } : {}) });
    }
    return {
      kind: 'bullets',
      box: this.box(el),
      style,
      bulletColor: this.color(el, 'bullet-color', style.color),
      inset: BULLET_INSET,
      spacing: this.num(el, 'spacing', 6),
      marker: this.oneOf(el, 'marker', ['bullet', 'none'], 'bullet'),
      items,
    };
  }

  table(el: El): TableNode {
    this.allow(el, [...BOX, ...STYLE, 'header-fill', 'header-color', 'stripe-fill', 'border-color', 'cell-inset', 'min-row-height']);
    const style = this.style(el, this.d.tableSize, this.d.tableMinSize);
    const box = this.box(el);
    let header: string[] | undefined;
    let note: TextNode | undefined;
    const rows: string[][] = [];
    for (const tr of el.children) {
      if (typeof tr === 'string') {
        if (tr.trim()) this.fail(el, 'may hold only <tr> elements, not text');
        continue;
      }
      if (tr.name === 'note') {
        if (note) this.fail(tr, 'may appear once per table');
        note = this.textNode({ ...tr, name: 'text', attrs: { x: String(box.x), y: String(box.y), w: String(box.w), h: '0.6', ...tr.attrs } });
        continue;
      }
      if (tr.name !== 'tr') this.fail(tr, 'is not allowed inside <table>; use <tr> or <note>');
      this.allow(tr, []);
      const cells: string[] = [];
      let kind: string | undefined;
      for (const c of tr.children) {
        if (typeof c === 'string') {
          if (c.trim()) this.fail(tr, 'may hold only <th> or <td> elements, not text');
          continue;
        }
        if (c.name !== 'th' && c.name !== 'td') this.fail(c, 'is not allowed inside <tr>; use <th> or <td>');
        if (kind && kind !== c.name) this.fail(c, 'cannot share a row with other cell kinds; a header row is all <th>');
        kind = c.name;
        this.allow(c, []);
        cells.push(this.text(c, false).join('\n'));
      }
      if (kind === 'th') {
        if (header || rows.length) this.fail(tr, 'header row (<th>) must come first, once');
        header = cells;
      } else rows.push(cells);
    }
    if (!header) this.fail(el, 'needs a header row of <th> cells');
    for (const r of rows) if (r.length !== header.length) this.fail(el, `has a row of ${r.length} cells under a header of ${header.length}`);
    return {
      kind: 'table',
      box,
      style: {
        ...style,
        headerFill: this.color(el, 'header-fill', '1F3864'),
        headerColor: this.color(el, 'header-color', 'FFFFFF'),
        stripeFill: this.color(el, 'stripe-fill'),
        borderColor: this.color(el, 'border-color', 'BFBFBF'),
        cellInset: this.num(el, 'cell-inset', 0.08),
      },
      header,
      rows,
      minRowHeight: this.num(el, 'min-row-height', 0),
      note,
    };
  }

  rect(el: El): RectNode {
    this.allow(el, [...BOX, 'fill', 'line', 'line-width', 'name']);
    this.noChildren(el);
    return { kind: 'rect', box: this.box(el), fill: this.color(el, 'fill'), line: this.color(el, 'line'), lineWidth: this.num(el, 'line-width', 0.75), ...this.name(el) };
  }

  image(el: El): ImageNode {
    this.allow(el, [...BOX, 'src', 'alt', 'decorative', 'name']);
    this.noChildren(el);
    const src = el.attrs['src'];
    if (!src) this.fail(el, 'needs attribute `src`');
    if (!/\.(png|jpe?g|gif)$/i.test(src)) this.fail(el, `src must be a .png, .jpg or .gif image, got "${src}"`);
    if (!this.d.asset) this.fail(el, 'cannot be used here: no image folders are known');
    const alt = el.attrs['alt']?.trim() || undefined;
    const decorative = this.bool(el, 'decorative', false);
    try {
      return { kind: 'image', box: this.box(el), src: this.d.asset(src), alt, decorative, ...this.name(el) };
    } catch (e) {
      if (e instanceof BriefdeckError) this.fail(el, `${e.message}${e.hint ? ` (${e.hint})` : ''}`);
      throw e;
    }
  }

  slideNumber(el: El): SlideNumberNode {
    this.allow(el, [...BOX, ...STYLE, 'name']);
    this.noChildren(el);
    return { kind: 'slide-number', box: this.box(el), style: this.style(el, 10, 10) };
  }

  stack(el: El): StackNode {
    this.allow(el, [...BOX, 'gap']);
    const children: (TextNode | BulletsNode)[] = [];
    for (const c of el.children) {
      if (typeof c === 'string') {
        if (c.trim()) this.fail(el, 'may hold only <text> and <bullets>, not loose text');
        continue;
      }
      if (c.name === 'text') children.push(this.textNode({ ...c, attrs: { x: '0', y: '0', w: '1', h: '1', ...c.attrs } }));
      else if (c.name === 'bullets') children.push(this.bullets({ ...c, attrs: { x: '0', y: '0', w: '1', h: '1', ...c.attrs } }));
      else this.fail(c, 'is not allowed inside <stack>; use <text> or <bullets>');
    }
    return { kind: 'stack', box: this.box(el), gap: this.num(el, 'gap', 0.15), children };
  }

  noChildren(el: El): void {
    if (el.children.some((c) => typeof c !== 'string' || c.trim())) this.fail(el, 'must be empty');
  }

  /**
   * What `<chrome>` holds, marked as chrome: drawn once on the slide's layout. A title or subtitle
   * inside it is the slide's own (its placeholder's geometry and style are the layout's).
   */
  chrome(el: El): LayoutNode[] {
    this.allow(el, []);
    const out: LayoutNode[] = [];
    for (const c of el.children) {
      if (typeof c === 'string') {
        if (c.trim()) this.fail(el, `may not hold loose text ("${c.trim().slice(0, 40)}"); put it in <text>`);
        continue;
      }
      switch (c.name) {
        case 'text': {
          const t = this.textNode(c);
          out.push(t.role === 'body' ? { ...t, chrome: true } : t);
          break;
        }
        case 'rect':
          out.push({ ...this.rect(c), chrome: true });
          break;
        case 'image':
          out.push({ ...this.image(c), chrome: true });
          break;
        case 'slide-number':
          out.push({ ...this.slideNumber(c), chrome: true });
          break;
        default:
          this.fail(c, `is not allowed inside <chrome>; use one of ${CHROME_CHILDREN.join(', ')}`);
      }
    }
    return out;
  }

  slide(el: El, origin: string): SlideNode {
    this.allow(el, ['background']);
    const nodes: LayoutNode[] = [];
    const notes: string[] = [];
    for (const c of el.children) {
      if (typeof c === 'string') {
        if (c.trim()) this.fail(el, `may not hold loose text ("${c.trim().slice(0, 40)}"); put it in <text>`);
        continue;
      }
      switch (c.name) {
        case 'text':
          nodes.push(this.textNode(c));
          break;
        case 'bullets':
          nodes.push(this.bullets(c));
          break;
        case 'table':
          nodes.push(this.table(c));
          break;
        case 'rect':
          nodes.push(this.rect(c));
          break;
        case 'slide-number':
          nodes.push(this.slideNumber(c));
          break;
        case 'image':
          nodes.push(this.image(c));
          break;
        case 'stack':
          nodes.push(this.stack(c));
          break;
        case 'chrome':
          nodes.push(...this.chrome(c));
          break;
        case 'notes':
          this.allow(c, []);
          notes.push(...this.text(c, true));
          break;
        default:
          this.fail(c, `is not a slide element; use one of ${SLIDE_CHILDREN.join(', ')}`);
      }
    }
    return { layout: '', background: this.color(el, 'background'), nodes, notes, origin };
  }
}

/**
 * What each numeric attribute may be: [min, max, whole numbers only, unit]. Sizes are the points
 * PowerPoint accepts (it writes hundredths, 100 to 400000, and refuses a deck with `sz="10"`).
 */
const RANGES: Record<string, readonly [number, number, boolean?, string?]> = {
  size: [1, 400, false, 'points'],
  'min-size': [1, 400, false, 'points'],
  'line-spacing': [0.1, 10, false, '(times the font size)'],
  spacing: [0, 1584, false, 'points'],
  'line-width': [0, 1584, false, 'points'],
  inset: [0, 10, false, 'inches'],
  'cell-inset': [0, 10, false, 'inches'],
  gap: [0, 60, false, 'inches'],
  'min-row-height': [0, 60, false, 'inches'],
  'max-lines': [1, 1000, true],
  x: [-1000, 1000, false, 'inches'],
  y: [-1000, 1000, false, 'inches'],
  w: [0, 1000, false, 'inches'],
  h: [0, 1000, false, 'inches'],
};

const BOX = ['x', 'y', 'w', 'h'] as const;
const STYLE = ['size', 'min-size', 'max-size', 'font', 'color', 'bold', 'italic', 'align', 'valign', 'line-spacing'] as const;
const SLIDE_CHILDREN = ['chrome', 'text', 'bullets', 'table', 'rect', 'image', 'stack', 'slide-number', 'notes'];
const CHROME_CHILDREN = ['text', 'rect', 'image', 'slide-number'];

/** Parse the markup one layout rendered into slides. */
export function parseMarkup(markup: string, layout: string, src: MarkupSource, defaults: MarkupDefaults): SlideNode[] {
  const tree = toTree(markup, src);
  const reader = new Reader(src, defaults);
  const slides: SlideNode[] = [];
  for (const c of tree.children) {
    if (typeof c === 'string') {
      if (c.trim()) reader.fail(tree, `output has text outside <slide>: "${c.trim().slice(0, 40)}"`);
      continue;
    }
    if (c.name !== 'slide') reader.fail(c, 'must be inside <slide>; a layout renders <slide> elements');
    slides.push({ ...reader.slide(c, src.what), layout });
  }
  if (slides.length === 0) reader.fail(tree, 'rendered no <slide>');
  return slides;
}
