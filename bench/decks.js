// The bench's input: N content files made from the seed, in which every string differs from deck to
// deck, so that no cache keyed by text (wrapped lines, finished slides, packed slide parts) can carry
// work from one deck to the next; only the parts that are the same in every deck (theme, master,
// layouts) repeat. Each deck also gets equivalent Markdown for pandoc.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export const SEED = 'data/xi-south-korea-visit.yaml';

/** Deck i's tag word: d001, d002, … */
export const tagOf = (i) => `d${String(i + 1).padStart(3, '0')}`;

/**
 * Every string of the model made unique to deck i: the deck's tag word goes after every tenth word
 * and ends the string. Inserting words through long text (not only a suffix) also makes most
 * wrapped lines of a paragraph differ, not only its last.
 */
export function distinct(model, i) {
  const tag = tagOf(i);
  const text = (s) => {
    const words = s.split(' ');
    const out = [];
    words.forEach((w, k) => {
      out.push(w);
      if (k % 10 === 9 && k < words.length - 1) out.push(tag);
    });
    return `${out.join(' ')} ${tag}`;
  };
  const walk = (v) => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(model);
}

/** The same content as Markdown for pandoc's pptx writer: title, agenda, a slide per section and per table, sources. */
export function markdown(c) {
  const q = (s) => JSON.stringify(s);
  const cell = (s) => String(s).replace(/\|/g, '\\|');
  return [
    `---\ntitle: ${q(c.deck.title)}\n${c.deck.subtitle ? `subtitle: ${q(c.deck.subtitle)}\n` : ''}${c.deck.date ? `date: ${q(c.deck.date)}\n` : ''}---\n`,
    '# Agenda\n',
    ...c.sections.map((s, i) => `${i + 1}. ${s.title}`),
    '',
    ...c.sections.flatMap((s) => [
      `# ${s.title}\n`,
      s.summary ?? '',
      '',
      ...(s.bullets ?? []).flatMap((b) => (typeof b === 'string' ? [`- ${b}`] : [`- ${b.text}`, ...(b.sub ?? []).map((x) => `    - ${x}`)])),
      '',
      ...(s.notes ? [`::: notes\n${s.notes}\n:::\n`] : []),
      ...(s.tables ?? []).flatMap((t) => [
        `# ${t.title ?? s.title}\n`,
        `| ${t.columns.map(cell).join(' | ')} |`,
        `|${t.columns.map(() => '---').join('|')}|`,
        ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
        '',
        ...(t.note ? [t.note, ''] : []),
        ...(s.notes ? [`::: notes\n${s.notes}\n:::\n`] : []),
      ]),
    ]),
    '# Sources\n',
    ...(c.sources ?? []).map((s) => `- ${s.title}`),
    '',
  ].join('\n');
}

/** Write N distinct decks as `dir/yaml/deck-NNNN.yaml` and `dir/md/deck-NNNN.md`; returns their paths. */
export function writeDecks(n, dir) {
  const seed = parse(readFileSync(SEED, 'utf8'));
  const yamlDir = join(dir, 'yaml');
  const mdDir = join(dir, 'md');
  mkdirSync(yamlDir, { recursive: true });
  mkdirSync(mdDir, { recursive: true });
  const yaml = [];
  const md = [];
  for (let i = 0; i < n; i++) {
    const model = distinct(seed, i);
    const name = `deck-${String(i + 1).padStart(4, '0')}`;
    yaml.push(join(yamlDir, `${name}.yaml`));
    md.push(join(mdDir, `${name}.md`));
    writeFileSync(yaml[i], stringify(model, { lineWidth: 0 }));
    writeFileSync(md[i], markdown(model));
  }
  return { yamlDir, mdDir, yaml, md };
}
