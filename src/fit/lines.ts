import { BULLET_INDENT, type LayoutTree, type TextNode } from '../layout/types.js';
import { bulletSize, fontOf } from './measure.js';
import { lineHeight } from './metrics.js';
import { wrap } from './text.js';

/** One line as fitting measured it: its text and its height in inches. */
export interface MeasuredLine {
  text: string;
  h: number;
}

/** A text node's lines, paragraph after paragraph. */
export interface TextLines {
  kind: 'text';
  lines: MeasuredLine[];
}

/** A list's lines per item. */
export interface BulletLines {
  kind: 'bullets';
  items: MeasuredLine[][];
}

/** A table's lines per cell, the header row first, and its note's. */
export interface TableLines {
  kind: 'table';
  cells: MeasuredLine[][][];
  note: TextLines | undefined;
}

/** Index-aligned with a fitted slide's nodes; undefined for nodes without text (rects, images). */
export type NodeLines = TextLines | BulletLines | TableLines | undefined;

function lines(text: string, width: number, font: ReturnType<typeof fontOf>, spacing: number): MeasuredLine[] {
  return wrap(text, width, font).map((l) => ({ text: l, h: lineHeight(font, spacing, l) }));
}

function textLines(n: TextNode): TextLines {
  const font = fontOf(n.style);
  return { kind: 'text', lines: n.paragraphs.flatMap((p) => lines(p, n.box.w - 2 * n.inset, font, n.style.lineSpacing)) };
}

/**
 * The line breaks fitting decided for a fitted tree, with each line's height: the same wrap, at the
 * same widths and sizes, that fitting measured with. A preview draws these lines as they are.
 */
export function lineBreaks(tree: LayoutTree): NodeLines[][] {
  return tree.slides.map((slide) =>
    slide.nodes.map((n): NodeLines => {
      switch (n.kind) {
        case 'text':
          return textLines(n);
        case 'bullets':
          return {
            kind: 'bullets',
            items: n.items.map((it) =>
              lines(it.text, n.box.w - 2 * n.inset - (n.marker === 'bullet' ? BULLET_INDENT * (it.level + 1) : 0), fontOf(n.style, it.size ?? bulletSize(n.style.size, it.level)), n.style.lineSpacing),
            ),
          };
        case 'table': {
          const widths = n.colWidths ?? n.header.map(() => n.box.w / Math.max(1, n.header.length));
          const row = (cells: readonly string[], bold: boolean) =>
            cells.map((c, i) => lines(c || ' ', (widths[i] ?? 0) - 2 * n.style.cellInset, fontOf({ ...n.style, bold }), n.style.lineSpacing));
          return { kind: 'table', cells: [row(n.header, true), ...n.rows.map((r) => row(r, false))], note: n.note ? textLines(n.note) : undefined };
        }
        default:
          return undefined;
      }
    }),
  );
}
