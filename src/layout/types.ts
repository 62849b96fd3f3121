/** The layout tree: what templates produce, after parsing. Units: inches for geometry, points for type. */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
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

export interface TextNode {
  kind: 'text';
  /** A slide's title; a subtitle is never set larger than its slide's title. */
  role: 'title' | 'subtitle' | 'body';
  box: Box;
  style: TextStyle;
  fill: string | undefined;
  /** Inner margin in inches. */
  inset: number;
  /** At most this many lines; titles default to 2. */
  maxLines: number | undefined;
  paragraphs: string[];
}

/** Hanging indent per bullet level, in inches; fit measures with it and pptx renders with it. */
export const BULLET_INDENT = 0.3;

/** A bullet list's text box inset, each side, in inches. */
export const BULLET_INSET = 0.05;

export interface BulletItem {
  text: string;
  level: number;
  /** Set by fit: this item's size in points (sub-bullets are smaller). */
  size?: number;
  /** Set by fit: the rest of an item begun on the slide before; drawn without a marker. */
  cont?: boolean;
  /** Set by fit: a parent repeated on one line above its subs that continue from the slide before. */
  repeat?: boolean;
}

export interface BulletsNode {
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
}

export interface TableStyle extends TextStyle {
  headerFill: string;
  headerColor: string;
  stripeFill: string | undefined;
  borderColor: string;
  /** Cell margin in inches. */
  cellInset: number;
}

export interface TableNode {
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

export interface RectNode {
  kind: 'rect';
  box: Box;
  fill: string | undefined;
  line: string | undefined;
  lineWidth: number;
}

export interface ImageNode {
  kind: 'image';
  box: Box;
  /** Absolute path, resolved and checked at layout time. */
  src: string;
}

export interface SlideNumberNode {
  kind: 'slide-number';
  box: Box;
  style: TextStyle;
}

/** Vertical flow of text blocks; fit assigns their y and h. */
export interface StackNode {
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
