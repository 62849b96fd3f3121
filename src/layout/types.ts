/** The layout tree: what templates produce, after parsing. Units: inches for geometry, points for type. */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Where a stack placed a block: the stack's box and the block's size as the template wrote it.
 * A layout's body placeholder takes its geometry and size from these, not from one slide's fit.
 */
export interface Region {
  box: Box;
  size: number;
}

export type Align = 'left' | 'center' | 'right';
export type VAlign = 'top' | 'middle' | 'bottom';

export interface TextStyle {
  font: string;
  /** East Asian font for Hangul, Han and Kana runs. */
  eaFont: string;
  size: number;
  minSize: number;
  /** Fitting may set the text as large as this when there is room to spare (default: `size`). */
  maxSize: number;
  color: string;
  bold: boolean;
  italic: boolean;
  align: Align;
  valign: VAlign;
  /** Line spacing as a multiple of the font size. */
  lineSpacing: number;
}

/**
 * What the template's `<chrome>` holds: drawn once, on the slide layout the slide is on, not on the
 * slide. Absent on slide content.
 */
export interface Chrome {
  chrome?: true;
  /** A shape name for the layout (from the template's `name=`). */
  name?: string;
}

/** `title` and `subtitle` texts are the slide's title and subtitle placeholders; `body` text is content. */
export type TextRole = 'title' | 'subtitle' | 'body';

export interface TextNode extends Chrome {
  kind: 'text';
  /** A slide's title; a subtitle is never set larger than its slide's title. */
  role: TextRole;
  box: Box;
  style: TextStyle;
  fill: string | undefined;
  /** Inner margin in inches. */
  inset: number;
  /** At most this many lines; titles default to 2. */
  maxLines: number | undefined;
  paragraphs: string[];
  /** The end of the text that is kept whole when the text is cut: a continued title's "(continued 2/3)". */
  suffix?: string;
  /** A title's or subtitle's size as the template wrote it, before fitting: its placeholder's size on the layout. */
  declaredSize?: number;
  /** Set by fit on a block a stack placed: see Region. */
  region?: Region;
}

/** Hanging indent per bullet level, in inches; fit measures with it and pptx renders with it. */
export const BULLET_INDENT = 0.3;

/** A bullet list's text box inset, each side, in inches. */
export const BULLET_INSET = 0.05;

export interface BulletItem {
  text: string;
  level: number;
  /** A web address the item links to. */
  href?: string;
  /** Set by fit: this item's size in points (sub-bullets are smaller). */
  size?: number;
  /** Set by fit: the rest of an item begun on the slide before; drawn without a marker. */
  cont?: boolean;
  /** Set by fit: a parent repeated on one line above its subs that continue from the slide before. */
  repeat?: boolean;
}

export interface BulletsNode extends Chrome {
  kind: 'bullets';
  box: Box;
  style: TextStyle;
  bulletColor: string;
  /** Inner margin in inches. */
  inset: number;
  /** Space after each item, in points. */
  spacing: number;
  /** `none` sets items flush left with no marker, for lists whose items carry their own numbers. */
  marker: 'bullet' | 'none';
  items: BulletItem[];
  /** Set by fit on a list a stack placed: see Region. */
  region?: Region;
}

export interface TableStyle extends TextStyle {
  headerFill: string;
  headerColor: string;
  stripeFill: string | undefined;
  borderColor: string;
  /** Cell margin in inches. */
  cellInset: number;
}

export interface TableNode extends Chrome {
  kind: 'table';
  box: Box;
  style: TableStyle;
  header: string[];
  rows: string[][];
  /** Minimum row height in inches. */
  minRowHeight: number;
  /** A caption under the table; fit places it under the last row. */
  note: TextNode | undefined;
  /** Set by fit: column widths and row heights (header first), in inches. */
  colWidths?: number[];
  rowHeights?: number[];
  /** Index of this part and the count of parts, when fit split the table. */
  part?: { index: number; count: number };
}

export interface RectNode extends Chrome {
  kind: 'rect';
  box: Box;
  fill: string | undefined;
  line: string | undefined;
  lineWidth: number;
}

export interface ImageNode extends Chrome {
  kind: 'image';
  box: Box;
  /** Absolute path, resolved and checked at layout time. */
  src: string;
  /** Alt text; never a file path. */
  alt: string | undefined;
  /** Marked decorative: screen readers and accessibility checkers skip it. */
  decorative: boolean;
}

export interface SlideNumberNode extends Chrome {
  kind: 'slide-number';
  box: Box;
  style: TextStyle;
}

/** Vertical flow of text blocks; fit assigns their y and h. */
export interface StackNode extends Chrome {
  kind: 'stack';
  box: Box;
  gap: number;
  children: (TextNode | BulletsNode)[];
}

export type LayoutNode = TextNode | BulletsNode | TableNode | RectNode | ImageNode | SlideNumberNode | StackNode;

export interface SlideNode {
  /** The layout that made it, e.g. `table`; for messages and tests. */
  layout: string;
  background: string | undefined;
  nodes: LayoutNode[];
  notes: string[];
  /** Where in the content this slide came from, for warnings. */
  origin: string;
}

export interface SlideSize {
  w: number;
  h: number;
}

export interface LayoutTree {
  size: SlideSize;
  slides: SlideNode[];
}
