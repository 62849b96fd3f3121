import { isWide } from '../base/unicode.js';
import type { PathSegment } from '../base/yaml.js';
import type { ContentModel } from '../content/schema.js';
import { bannerFor } from '../theme/defaults.js';
import { SLIDE_SIZES, type Theme } from '../theme/schema.js';

/** One layout to render, with its context. */
export interface PlannedSlide {
  layout: string;
  context: object;
  /** For messages: `section 2, "Security"`. */
  what: string;
  /** Content path this slide renders, for locating warnings. */
  path: PathSegment[];
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

const cell = (v: string | number) => (typeof v === 'number' ? String(v) : v);

/**
 * A summary short enough to head a table slide: at most 160 characters, East Asian ones counting
 * twice as they are twice as wide, and one paragraph. The table layouts give it two lines.
 */
export function isShortSummary(text: string): boolean {
  if (text.includes('\n')) return false;
  let width = 0;
  for (const ch of text) width += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return width <= 160;
}

export interface PlanOptions {
  /** Whether the set's table layout shows a `lead` (a section's short summary); the built-in ones do. */
  leadOnTable?: boolean;
}

/**
 * Decide the slides of a deck: title, agenda, one per section, one per table, sources. A section
 * whose only text is a short summary, and which has tables, gets no slide of its own: its summary
 * heads its first table's slide (as `lead`) when the table layout shows one.
 * Every optional value is present (null when unset), so strict templates can tell a typo from an empty field.
 */
export function planDeck(model: ContentModel, theme: Theme, opts: PlanOptions = {}): PlannedSlide[] {
  const page = SLIDE_SIZES[theme.slide.size];
  const deck = {
    title: model.deck.title,
    subtitle: orNull(model.deck.subtitle),
    date: orNull(model.deck.date),
    organization: orNull(model.deck.organization),
    classification: orNull(model.deck.classification),
  };
  const sections = model.sections.map((s, i) => ({
    number: i + 1,
    title: s.title,
    layout: s.layout ?? 'section',
    summary: orNull(s.summary),
    bullets: (s.bullets ?? []).map((b) => (typeof b === 'string' ? { text: b, sub: [] } : { text: b.text, sub: b.sub ?? [] })),
    tables: (s.tables ?? []).map((t, ti) => ({
      number: ti + 1,
      title: t.title ?? s.title,
      columns: t.columns,
      rows: t.rows.map((r) => r.map(cell)),
      note: orNull(t.note),
    })),
    notes: orNull(s.notes),
  }));
  const common = {
    deck,
    // optional theme values present as null, so strict templates can test them
    theme: {
      ...theme,
      description: theme.description ?? null,
      footer: theme.footer ?? null,
      logo: theme.logo ? { ...theme.logo, alt: theme.logo.alt ?? null, decorative: theme.logo.decorative ?? false } : null,
      maxSizes: theme.maxSizes ?? { body: theme.sizes.body, bullets: theme.sizes.bullets, table: theme.sizes.table },
    },
    page,
    banner: bannerFor(theme, model.deck.classification),
    footer: theme.footer ?? deck.organization ?? deck.title,
  };
  const plan: PlannedSlide[] = [
    { layout: 'title', context: { ...common, sections }, what: 'the title slide', path: ['deck'] },
    { layout: 'agenda', context: { ...common, sections }, what: 'the agenda', path: ['sections'] },
  ];
  sections.forEach((section, si) => {
    const short = section.title.length > 40 ? `${section.title.slice(0, 40)}…` : section.title;
    const name = `section ${si + 1}, "${short}"`;
    const lead =
      opts.leadOnTable && section.layout === 'section' && section.bullets.length === 0 && section.tables.length > 0 && section.summary !== null && isShortSummary(section.summary)
        ? section.summary
        : null;
    if (lead === null && (section.summary !== null || section.bullets.length > 0 || section.tables.length === 0)) {
      plan.push({ layout: section.layout, context: { ...common, section }, what: name, path: ['sections', si] });
    }
    section.tables.forEach((table, ti) => {
      plan.push({
        layout: 'table',
        context: { ...common, section, table, lead: ti === 0 ? lead : null },
        what: `table ${ti + 1} of ${name}`,
        path: ['sections', si, 'tables', ti],
      });
    });
  });
  const sources = (model.sources ?? []).map((s) => ({ title: s.title, publisher: orNull(s.publisher), url: orNull(s.url), date: orNull(s.date) }));
  if (sources.length > 0) plan.push({ layout: 'sources', context: { ...common, sources }, what: 'the sources', path: ['sources'] });
  return plan;
}
