import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { loadContent } from './content/load.js';
import type { ParsedContent, PathSegment } from './content/parse.js';
import { BriefdeckError, ContentError, TemplateError, type Warning } from './errors.js';
import { fitTree, placeWithoutFitting } from './fit/fit.js';
import { parseMarkup, type MarkupDefaults } from './layout/parse.js';
import type { LayoutTree, SlideNode } from './layout/types.js';
import { ZIP_EPOCH } from './pptx/package.js';
import { writeDeck } from './pptx/deck.js';
import { TemplateEngine } from './template/engine.js';
import { planDeck } from './template/plan.js';
import { displayPath, loadTemplateSet, resolveAsset, type TemplateSet } from './template/roots.js';
import { mergeTheme, SLIDE_SIZES, ThemeSchema, type Theme } from './template/theme.js';
import { writeAtomic } from './write.js';

export interface DeckResult {
  buffer: Buffer;
  /** The tree as templates produced it, before fitting. */
  layout: LayoutTree;
  /** The tree as rendered. */
  fitted: LayoutTree;
  warnings: Warning[];
}

function markupDefaults(theme: Theme): MarkupDefaults {
  const colors: Record<string, string> = {};
  for (const [k, v] of Object.entries(theme.colors)) colors[k] = v.replace('#', '');
  return {
    font: theme.fonts.body,
    headingFont: theme.fonts.heading,
    eaFont: theme.fonts.eastAsian,
    color: colors['text'] ?? '222222',
    size: theme.sizes.body,
    minSize: theme.minSizes.body,
    tableSize: theme.sizes.table,
    tableMinSize: theme.minSizes.table,
    titleMinSize: theme.minSizes.title,
    fonts: { heading: theme.fonts.heading, body: theme.fonts.body, eastAsian: theme.fonts.eastAsian },
    colors,
  };
}

/** The set's theme with the content's `theme:` overrides. */
export function deckTheme(content: ParsedContent, set: TemplateSet): Theme {
  const patch = content.model.theme;
  if (!patch) return set.theme;
  const merged = ThemeSchema.safeParse(mergeTheme(set.theme, patch));
  if (!merged.success) {
    const loc = content.map.locate(['theme']);
    throw new ContentError(merged.error.issues.map((i) => ({ file: content.map.file, ...loc, path: `theme.${i.path.join('.')}`, message: i.message })));
  }
  return merged.data;
}

/** Compiled templates, kept per set: a batch compiles each set once. */
const engines = new WeakMap<TemplateSet, TemplateEngine>();

/** Content → slide markup → layout tree. Pure apart from what `set` already holds. */
export function layoutDeck(content: ParsedContent, set: TemplateSet): { tree: LayoutTree; paths: Map<SlideNode, PathSegment[]>; theme: Theme } {
  let engine = engines.get(set);
  if (!engine) engines.set(set, (engine = new TemplateEngine(set)));
  const theme = deckTheme(content, set);
  const contentDir = dirname(resolve(content.map.file));
  const asset = (src: string) => resolveAsset(src, set.roots, contentDir);
  if (theme.logo) {
    // check the logo here, so its error names the file that set it rather than the layout that drew it
    try {
      asset(theme.logo.src);
    } catch (err) {
      const fromContent = content.model.theme?.logo !== undefined;
      const file = fromContent ? content.map.file : displayPath([...set.themeFiles].reverse().find((f) => /^logo:/m.test(readFileSync(f, 'utf8'))) ?? set.themeFiles.at(-1)!);
      const at = fromContent ? content.map.locate(['theme', 'logo', 'src']) : undefined;
      throw new TemplateError('TEMPLATE_ERROR', `theme logo: ${(err as Error).message}`, {
        location: { file, ...(at ?? {}) },
        cause: err,
        ...(err instanceof BriefdeckError && err.hint ? { hint: err.hint } : {}),
      });
    }
  }
  const defaults = { ...markupDefaults(theme), asset };
  const paths = new Map<SlideNode, PathSegment[]>();
  const slides: SlideNode[] = [];
  for (const planned of planDeck(content.model, theme)) {
    if (!engine.hasLayout(planned.layout)) {
      const loc = content.map.locate(planned.path);
      throw new TemplateError('TEMPLATE_NOT_FOUND', `no layout "${planned.layout}" in template set "${set.name}" (needed for ${planned.what})`, {
        location: { file: content.map.file, ...loc },
        hint: `layouts available: ${engine.layoutNames().join(', ')}`,
      });
    }
    const markup = engine.render(planned.layout, planned.context, planned.what);
    const file = displayPath(engine.layoutFile(planned.layout));
    for (const s of parseMarkup(markup, planned.layout, { template: file, what: planned.what }, defaults)) {
      paths.set(s, planned.path);
      slides.push(s);
    }
  }
  return { tree: { size: SLIDE_SIZES[theme.slide.size], slides }, paths, theme };
}

/** The whole pure pipeline for one deck: layout, fit, render. Nothing touches the disk. */
export async function renderDeck(content: ParsedContent, set: TemplateSet, opts: RenderOptions = {}): Promise<DeckResult> {
  const { tree, paths, theme } = layoutDeck(content, set);
  const warnings: Warning[] = [];
  const fitted = opts.fit === false ? placeWithoutFitting(tree) : fitTree(tree, {
    warn(w, slide, at = []) {
      const path = [...(paths.get(slide) ?? []), ...at];
      warnings.push({ ...w, message: `${slide.origin}: ${w.message}`, location: { file: content.map.file, ...content.map.locate(path) } });
    },
  });
  const d = content.model.deck;
  const fonts = theme.fonts;
  const meta = { title: d.title, ...(d.subtitle ? { subject: d.subtitle } : {}), ...(d.organization ? { author: d.organization } : {}) };
  const buffer = await writeDeck(fitted, meta, {
    eaFonts: { ko: fonts.eastAsian, zh: fonts.chinese ?? fonts.eastAsian, ja: fonts.japanese ?? fonts.eastAsian },
    ...(d.organization ? { company: d.organization } : {}),
    date: documentDate(d.date, opts.sourceDateEpoch),
  });
  return { buffer, layout: tree, fitted, warnings: [...content.warnings, ...warnings] };
}

/** The deck's own date when it is an ISO date, else SOURCE_DATE_EPOCH, else a fixed epoch: never the wall clock. */
export function documentDate(deckDate: string | undefined, sourceDateEpoch: string | undefined): Date {
  if (deckDate && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(deckDate.trim())) {
    const d = new Date(deckDate.trim().length === 10 ? `${deckDate.trim()}T00:00:00Z` : deckDate.trim());
    if (!Number.isNaN(d.getTime())) return d;
  }
  if (sourceDateEpoch && /^\d+$/.test(sourceDateEpoch)) return new Date(Number(sourceDateEpoch) * 1000);
  return ZIP_EPOCH;
}

export interface RenderOptions {
  /** Seconds since 1970, as in the reproducible-builds convention. */
  sourceDateEpoch?: string;
  /** false skips fitting (text may spill); only for measuring what fitting costs. */
  fit?: boolean;
}

export interface BuildOptions extends RenderOptions {
  /** Output folder; default `out`. */
  outDir?: string;
  /** A built-in set name or a template folder. */
  template?: string;
}

export interface BuildResult {
  input: string;
  output: string;
  slides: number;
  warnings: Warning[];
}

export function outputPath(file: string, outDir = 'out'): string {
  return join(outDir, `${basename(file, extname(file))}.pptx`);
}

/** Build one content file into `outDir/<basename>.pptx`, atomically. */
export async function buildDeck(file: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const content = await loadContent(file);
  const set = loadTemplateSet({ contentFile: file, ...(opts.template ? { template: opts.template } : {}) });
  const epoch = opts.sourceDateEpoch ?? process.env['SOURCE_DATE_EPOCH'];
  const result = await renderDeck(content, set, epoch === undefined ? {} : { sourceDateEpoch: epoch });
  const output = outputPath(file, opts.outDir);
  await writeAtomic(output, result.buffer);
  return { input: displayPath(file), output, slides: result.fitted.slides.length, warnings: result.warnings };
}

export { BriefdeckError };
