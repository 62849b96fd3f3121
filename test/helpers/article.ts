import { readFileSync } from 'node:fs';

export const ARTICLE = '../shared/seed/visit-article.txt';

export interface ArticleTable {
  columns: string[];
  rows: string[][];
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

/**
 * The article's three tables, read straight from the article. The third is printed twice and
 * broken (header split over lines, empty trailing column, first copy partial): take the header
 * from its first copy and the rows from the complete second copy, dropping the empty column.
 */
export function articleTables(): ArticleTable[] {
  const lines = readFileSync(ARTICLE, 'utf8').split('\n');
  const blocks: string[][] = [];
  let cur: string[] = [];
  for (const l of lines) {
    if (l.trim().startsWith('|')) cur.push(l);
    else if (cur.length) {
      blocks.push(cur);
      cur = [];
    }
  }
  if (cur.length) blocks.push(cur);
  const tables: ArticleTable[] = [];
  for (const b of blocks) {
    const rows = b.filter((l) => !/^\|\s*-/.test(l.trim())).map(cells);
    const [head, ...body] = rows;
    if (!head) continue;
    tables.push({ columns: head, rows: body });
  }
  // blocks: t1, t2, t3 first copy (header + 2 rows, then the split header's first line "| Recommendation |"),
  // then the rest of the split header lines and the complete copy's rows
  const t3a = tables[2]!;
  const width = t3a.columns.filter(Boolean).length;
  const trim = (r: string[]) => r.slice(0, width);
  const complete = tables.slice(3).flatMap((t) => [t.columns, ...t.rows]).filter((r) => r.filter(Boolean).length === width);
  return [tables[0]!, tables[1]!, { columns: trim(t3a.columns), rows: complete.map(trim) }];
}
