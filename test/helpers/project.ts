import { basename } from 'node:path';
import type { Box, LayoutNode, LayoutTree, TextNode } from '../../src/layout/types.js';

/**
 * A layout tree cut down to the facts a reader checks: per slide its layout, and per node one line with its kind,
 * box (0.01 in), font size and what it holds in brief. One line per node, so that moving one element changes the
 * lines of that element only, and a snapshot diff reads as what moved.
 */
export function projectTree(tree: LayoutTree): string {
  const lines = [`size ${num(tree.size.w)}x${num(tree.size.h)} slides=${tree.slides.length}`];
  tree.slides.forEach((s, i) => {
    lines.push(`slide ${i + 1} ${s.layout}${s.background ? ` bg=${s.background}` : ''}`);
    for (const n of s.nodes) lines.push(...projectNode(n, '  '));
  });
  return lines.join('\n') + '\n';
}

/** Rounded to 0.01, and never `-0.00`. */
const num = (v: number) => (Math.round(v * 100) / 100 + 0).toFixed(2);
const box = (b: Box) => `${num(b.x)},${num(b.y)} ${num(b.w)}x${num(b.h)}`;
const list = (vs: number[]) => vs.map(num).join('|');

/** The first 30 characters of a text, paragraphs joined by ¶, quoted. */
function excerpt(paragraphs: string[]): string {
  const all = paragraphs.join('¶');
  return JSON.stringify(all.length > 30 ? `${all.slice(0, 30)}…` : all);
}

function textLine(n: TextNode): string {
  return `text/${n.role} ${box(n.box)} ${n.style.size}pt ${excerpt(n.paragraphs)}`;
}

function projectNode(n: LayoutNode, indent: string): string[] {
  switch (n.kind) {
    case 'text':
      return [indent + textLine(n)];
    case 'bullets': {
      const levels = n.items.map((it) => it.level).join('');
      // sizes exist once fit has run; sub-bullets are smaller than the list's size
      const sizes = n.items.some((it) => it.size !== undefined) ? ` item-pt=${[...new Set(n.items.map((it) => it.size))].join('|')}` : '';
      return [`${indent}bullets ${box(n.box)} ${n.style.size}pt items=${n.items.length} levels=${levels}${sizes} ${excerpt([n.items[0]?.text ?? ''])}`];
    }
    case 'table': {
      const cols = n.colWidths ? ` cols=${list(n.colWidths)}` : ` cols=${n.header.length}`;
      const rowH = n.rowHeights ? ` row-h=${list(n.rowHeights)}` : '';
      const part = n.part ? ` part=${n.part.index}/${n.part.count}` : '';
      const head = `${indent}table ${box(n.box)} ${n.style.size}pt${cols} rows=${n.rows.length}${part}${rowH} ${excerpt([n.rows[0]?.[0] ?? ''])}`;
      return n.note ? [head, `${indent}  note ${textLine(n.note)}`] : [head];
    }
    case 'rect':
      return [`${indent}rect ${box(n.box)}${n.fill ? ` fill=${n.fill}` : ''}${n.line ? ` line=${n.line}` : ''}`];
    case 'image':
      return [`${indent}image ${box(n.box)} ${basename(n.src)}`];
    case 'slide-number':
      return [`${indent}slide-number ${box(n.box)} ${n.style.size}pt`];
    case 'stack':
      return [`${indent}stack ${box(n.box)} gap=${num(n.gap)}`, ...n.children.flatMap((c) => projectNode(c, indent + '  '))];
  }
}
