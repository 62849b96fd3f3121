import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { BriefdeckError, type Warning } from './base/errors.js';
import { collectGarbage } from './base/gc.js';
import { fileHash, sha256 } from './base/hash.js';
import { Memo } from './base/memo.js';
import { displayPath } from './base/paths.js';
import { writeAtomic } from './base/write.js';
import { parseContentFile, readContentFile } from './content/load.js';
import { applyOverrides, type Overrides } from './content/overrides.js';
import type { ParsedContent } from './content/parse.js';
import { pathOfText, type PathSegment } from './base/yaml.js';
import type { WarnAt } from './fit/measure.js';
import { fitTree, placeWithoutFitting, wrapCost, type WrapMemo } from './fit/fit.js';
import { lineBreaks, type NodeLines } from './fit/lines.js';
import { withWrapMemo } from './fit/text.js';
import { parseMarkup, type MarkupDefaults } from './layout/parse.js';
import type { LayoutTree, SlideNode } from './layout/types.js';
import { SlideCache, writeDeck, type PartMemo } from './pptx/deck.js';
import { ZIP_EPOCH } from './pptx/package.js';
import { TemplateEngine } from './template/engine.js';
import { planDeck } from './template/plan.js';
import { findConfig, listTree, loadTemplateSet, resolveAsset, resolveRoots, type TemplateRoots, type TemplateSet } from './template/roots.js';
import { themeColors, themeScheme } from './theme/defaults.js';
import { patchTheme } from './theme/load.js';
import { SLIDE_SIZES, type Theme } from './theme/schema.js';

/** What a session is built from; every field is optional. */
export interface SessionOptions {
  /** Output folder; default `out`. */
  outDir?: string;
  /** A built-in set name or a template folder (`-t`), for every deck of the session. */
  template?: string;
  /** Seconds since 1970 (the reproducible-builds convention); default: the SOURCE_DATE_EPOCH variable. */
  sourceDateEpoch?: string;
  /** The bytes all of the session's caches may hold together; default 64 MiB. */
  cacheBytes?: number;
  /** false skips fitting (text may spill); only for measuring what fitting costs. */
  fit?: boolean;
}

/** Options with every default applied and the environment read: the one place that reads it. */
export interface ResolvedOptions {
  outDir: string;
  template: string | undefined;
  sourceDateEpoch: string | undefined;
  cacheBytes: number;
  fit: boolean;
}

/** Content files from this size on are followed by a garbage collection (base/gc.ts): it costs less than the memory it frees. */
const LARGE_CONTENT = 256 << 10;

/** 9999-12-31T23:59:59Z: a document date must have a four-digit year. */
const MAX_EPOCH = 253402300799;

/** SOURCE_DATE_EPOCH checked once, so a typo is an error rather than a silent 1980 or a crash. */
function sourceDateEpoch(value: string | undefined, from: string): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  if (!/^\d+$/.test(v)) throw new BriefdeckError('USAGE', `${from} must be whole seconds since 1970-01-01 UTC, got "${value}"`, { hint: 'e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)' });
  if (Number(v) > MAX_EPOCH) throw new BriefdeckError('USAGE', `${from} is after the year 9999: "${value}"`, { hint: 'seconds, not milliseconds' });
  return v;
}

export function resolveOptions(opts: SessionOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  return {
    outDir: opts.outDir ?? 'out',
    template: opts.template,
    sourceDateEpoch: opts.sourceDateEpoch !== undefined ? sourceDateEpoch(opts.sourceDateEpoch, 'sourceDateEpoch') : sourceDateEpoch(env['SOURCE_DATE_EPOCH'], 'SOURCE_DATE_EPOCH'),
    cacheBytes: opts.cacheBytes ?? 64 << 20,
    fit: opts.fit ?? true,
  };
}

/** One deck to build: a content file, where it goes, and what varies it. */
export interface DeckJob {
  input: string;
  /** Default: `outDir/<input's name>.pptx`. */
  output?: string;
  /** Overrides the session's template for this deck (a manifest's `template:`). */
  template?: string;
  overrides?: Overrides;
}

export interface DeckResult {
  buffer: Buffer;
  /** The tree as templates produced it, before fitting. */
  layout: LayoutTree;
  /** The tree as rendered. */
  fitted: LayoutTree;
  warnings: Warning[];
}

/** What a preview draws: the fitted tree, the lines fitting broke its text into, and what a watcher watches. */
export interface PreviewResult {
  fitted: LayoutTree;
  /** Per slide, index-aligned with its nodes. */
  lines: NodeLines[][];
  warnings: Warning[];
  /** Per slide, the warnings fitting gave for it (content warnings are in `warnings` only). */
  slideWarnings: Warning[][];
  theme: Theme;
  /** Absolute paths of the files and folders this deck depends on: content, config, template roots, images. */
  dependencies: string[];
  /** Folders images may come from: the template roots and the content file's folder. */
  assetDirs: string[];
}

export interface BuildResult {
  input: string;
  output: string;
  slides: number;
  warnings: Warning[];
  /** Images the deck used, for an incremental build's cache. */
  assets: string[];
  /** sha256 of the written deck. */
  outputHash: string;
}

export function outputPath(file: string, outDir = 'out'): string {
  return join(outDir, `${basename(file, extname(file))}.pptx`);
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

function markupDefaults(theme: Theme): MarkupDefaults {
  const colors = themeColors(theme);
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

/** Every file below a template root (listTree: no hidden files, links checked), by relative path, hashed. */
function treeHash(root: string): string {
  return sha256(listTree(root).map((rel) => `${rel}\u0000${fileHash(join(root, rel)) ?? ''}`).join('\n'));
}

/**
 * What a root's files look like on disk without reading them: paths, sizes and change times. A
 * warm session rehashes a root only when this changes, so an edited template is never missed.
 */
function fingerprint(roots: readonly string[], config: string | undefined): string {
  const out: string[] = [];
  const add = (p: string) => {
    const st = statSync(p);
    out.push(`${p}\u0000${st.size}\u0000${st.mtimeMs}`);
  };
  for (const root of roots) for (const rel of listTree(root)) add(join(root, rel));
  if (config) add(config);
  return out.join('\n');
}

/**
 * A build session: resolved options and every cache a build uses, under one byte budget and one
 * eviction policy (oldest first). `buildDeck` is a session of one deck; a batch worker keeps one
 * session for all of its decks, and watch and preview keep one warm between saves.
 */
export class BuildSession {
  readonly options: ResolvedOptions;
  /** Parsed content by file and content hash: a manifest's meetings share one file. */
  private readonly contents: Memo<ParsedContent>;
  /** Template sets by the hash of their roots' files: a changed file is a new set. */
  private readonly sets: Memo<TemplateSet>;
  /** Roots and their files' hash, per content folder and template. */
  private readonly roots: Memo<{ roots: TemplateRoots; hash: string }>;
  /** Compiled templates per set; an evicted set takes its engine with it. */
  private readonly engines = new WeakMap<TemplateSet, TemplateEngine>();
  /** Wrapped lines by text, font and width. */
  private readonly wrap: WrapMemo;
  /** Fixed and packed package parts by a digest of their text. */
  private readonly parts: PartMemo;
  /** Finished slides, for the decks of a batch that share most of their slides. */
  private readonly slides: SlideCache;

  /** A session from options as given; `new BuildSession(resolved)` takes options already resolved (a worker's). */
  static create(opts: SessionOptions = {}): BuildSession {
    return new BuildSession(resolveOptions(opts));
  }

  constructor(options: ResolvedOptions) {
    this.options = options;
    const share = (n: number) => Math.floor(this.options.cacheBytes * n);
    this.contents = new Memo(share(1 / 8), (key, c) => 2 * key.length + 8 * JSON.stringify(c.model).length);
    this.sets = new Memo(share(1 / 8), (key, s) => 2 * key.length + [...s.files.values()].reduce((n, f) => n + 8 * f.source.length, 4096));
    this.roots = new Memo(1 << 20, (key) => 2 * key.length + 256);
    this.wrap = new Memo(share(1 / 4), wrapCost);
    this.parts = new Memo(share(1 / 4), (key, e) => key.length + e.packed.length + 160);
    this.slides = new SlideCache(share(1 / 4));
  }

  /** Empty every cache. */
  clear(): void {
    for (const m of [this.contents, this.sets, this.roots, this.wrap, this.parts]) m.clear();
    this.slides.clear();
  }

  /** A content file, parsed and validated; cached by its bytes' hash. */
  async content(file: string): Promise<ParsedContent> {
    const bytes = await readContentFile(file);
    const key = `${resolve(file)}\u0000${sha256(bytes)}`;
    const hit = this.contents.get(key);
    if (hit) return hit;
    const parsed = parseContentFile(file, bytes);
    // what parsing a large file left behind would otherwise stay in the heap while the deck is drawn
    if (bytes.length >= LARGE_CONTENT) collectGarbage();
    return this.contents.set(key, parsed);
  }

  /** The template roots of a deck and the hash of every file in them: the one place roots are resolved. */
  templateRoots(input: string | undefined, template = this.options.template): { roots: TemplateRoots; hash: string } {
    // resolved and looked at afresh for every deck, so a warm session sees a new or edited file;
    // only the hashing of unchanged files is saved
    const config = findConfig(input);
    const roots = resolveRoots({ ...(input ? { contentFile: input } : {}), ...(template ? { template } : {}) }, config);
    const key = sha256(`${roots.name}\u0000${fingerprint(roots.roots, config?.file)}`);
    const hit = this.roots.get(key);
    if (hit) return hit;
    const hash = sha256([...roots.roots.map(treeHash), config ? (fileHash(config.file) ?? '') : ''].join('\n'));
    return this.roots.set(key, { roots, hash });
  }

  /** A deck's template set: the built-in set, the project's folder, then -t; cached by its files' hash. */
  templateSet(input?: string, template = this.options.template): TemplateSet {
    const { roots, hash } = this.templateRoots(input, template);
    const key = `${hash}\u0000${roots.roots.join('\u0000')}`;
    return this.sets.get(key) ?? this.sets.set(key, loadTemplateSet(roots));
  }

  private engine(set: TemplateSet): TemplateEngine {
    let engine = this.engines.get(set);
    if (!engine) this.engines.set(set, (engine = new TemplateEngine(set)));
    return engine;
  }

  /**
   * Everything about a deck that needs no rendering: the theme with the content's patch, the logo
   * image, and a layout in the set for every planned slide. `validate` stops here.
   */
  private prepare(content: ParsedContent, set: TemplateSet) {
    const engine = this.engine(set);
    const theme = patchTheme(set.theme, content.model.theme, content.map);
    const contentDir = dirname(resolve(content.map.file));
    const asset = (src: string) => resolveAsset(src, set.roots, contentDir);
    const warnings: Warning[] = [];
    if (theme.logo) {
      const fromContent = content.model.theme?.logo !== undefined;
      const themeFile = () => [...set.themeFiles].reverse().find((f) => /^logo:/m.test(readFileSync(f, 'utf8'))) ?? set.themeFiles.at(-1)!;
      if (!theme.logo.alt && !theme.logo.decorative) {
        // a screen reader would have nothing to say for it; the slides still build
        const file = fromContent ? content.map.file : displayPath(themeFile());
        const line = fromContent ? content.map.locate(['theme', 'logo']) : { line: readFileSync(themeFile(), 'utf8').split('\n').findIndex((l) => /^logo:/.test(l)) + 1, col: 1 };
        warnings.push({ code: 'NO_ALT_TEXT', message: 'the logo has no alt text and is not marked decorative; set logo.alt (what it shows) or logo.decorative: true', location: { file, ...line } });
      }
      // check the logo here, so its error names the file that set it rather than the layout that drew it
      try {
        asset(theme.logo.src);
      } catch (err) {
        const file = fromContent ? content.map.file : displayPath(themeFile());
        const at = fromContent ? content.map.locate(['theme', 'logo', 'src']) : undefined;
        throw new BriefdeckError('TEMPLATE_ERROR', `theme logo: ${(err as Error).message}`, {
          location: { file, ...(at ?? {}) },
          cause: err,
          ...(err instanceof BriefdeckError && err.hint ? { hint: err.hint } : {}),
        });
      }
    }
    // a table layout of an older copy of a set may not show a lead: then the summary keeps its own slide
    const leadOnTable = /\blead\b/.test(set.files.get('layouts/table.hbs')?.source ?? '');
    const plan = planDeck(content.model, theme, { leadOnTable });
    for (const planned of plan) {
      if (!engine.hasLayout(planned.layout)) {
        const loc = content.map.locate(planned.path);
        throw new BriefdeckError('TEMPLATE_NOT_FOUND', `no layout "${planned.layout}" in template set "${set.name}", needed for ${planned.what}`, {
          location: { file: content.map.file, ...loc },
          hint: `layouts available: ${engine.layoutNames().join(', ')}`,
        });
      }
    }
    return { engine, theme, asset, plan, warnings };
  }

  /** Content → slide markup → layout tree. */
  layout(content: ParsedContent, set: TemplateSet): { tree: LayoutTree; paths: Map<SlideNode, PathSegment[]>; theme: Theme; warnings: Warning[] } {
    const { engine, theme, asset, plan, warnings: prepared } = this.prepare(content, set);
    const defaults = { ...markupDefaults(theme), asset };
    const page = SLIDE_SIZES[theme.slide.size];
    const paths = new Map<SlideNode, PathSegment[]>();
    const slides: SlideNode[] = [];
    const warnings = new Map<string, Warning>();
    for (const planned of plan) {
      const markup = engine.render(planned.layout, planned.context, planned.what);
      const file = displayPath(engine.layoutFile(planned.layout));
      for (const s of parseMarkup(markup, planned.layout, { template: file, what: planned.what }, defaults)) {
        paths.set(s, planned.path);
        slides.push(s);
        for (const n of s.nodes) {
          const b = n.box;
          if (b.x < page.w && b.y < page.h && b.x + b.w > 0 && b.y + b.h > 0) continue;
          // once per element, however many slides and layouts draw it (a partial's are drawn by several)
          const key = `${n.kind}\u0000${JSON.stringify(b)}`;
          if (!warnings.has(key)) {
            const r = (v: number) => String(Math.round(v * 100) / 100);
            warnings.set(key, {
              code: 'OFF_SLIDE',
              message: `<${n.kind}> at x=${r(b.x)} y=${r(b.y)} (${r(b.w)} × ${r(b.h)} in), drawn by layout "${planned.layout}" or a partial it uses, for ${planned.what}, is wholly off the ${r(page.w)} × ${r(page.h)} in slide`,
              location: { file },
            });
          }
        }
      }
    }
    return { tree: { size: page, slides }, paths, theme, warnings: [...prepared, ...warnings.values()] };
  }

  /** Layout and fit: the tree as rendered, with fitting's warnings, all and per slide. */
  fit(content: ParsedContent, set: TemplateSet): { tree: LayoutTree; fitted: LayoutTree; warnings: Warning[]; slideWarnings: Warning[][]; theme: Theme } {
    const { tree, paths, theme, warnings: offSlide } = this.layout(content, set);
    const warnings: Warning[] = [...offSlide];
    if (!this.options.fit) {
      const fitted = placeWithoutFitting(tree);
      return { tree, fitted, warnings: [...content.warnings, ...warnings], slideWarnings: fitted.slides.map(() => []), theme };
    }
    // the whole deck at once (titles share one size across it); each fitted slide (a split gives
    // several) then gets the warnings of the slides it came from, matched by their origin
    const byOrigin = new Map<string, Warning[]>();
    const ctx = {
      warn(w: Omit<Warning, 'location'>, slide: SlideNode, at: WarnAt = []) {
        const base = paths.get(slide) ?? [];
        // a text the slide shows is found in the content, so the warning names its own line
        const path = Array.isArray(at) ? [...base, ...at] : (pathOfText(content.model, base, at.text) ?? base);
        const warning = { ...w, message: `${slide.origin}: ${w.message}`, location: { file: content.map.file, ...content.map.locate(path) } };
        warnings.push(warning);
        byOrigin.set(slide.origin, [...(byOrigin.get(slide.origin) ?? []), warning]);
      },
    };
    const fitted = fitTree(tree, ctx, this.wrap);
    const slideWarnings = fitted.slides.map((page) => byOrigin.get(page.origin) ?? []);
    return { tree, fitted, warnings: [...content.warnings, ...warnings], slideWarnings, theme };
  }

  /** Layout, fit, render: the deck's bytes. Nothing touches the disk but reading images. */
  async render(content: ParsedContent, set: TemplateSet): Promise<DeckResult> {
    const { tree, fitted, warnings, theme } = this.fit(content, set);
    const d = content.model.deck;
    const fonts = theme.fonts;
    // no subtitle, no subject: pptxgenjs would write its own name there
    const meta = { title: d.title, subject: d.subtitle ?? '', ...(d.organization ? { author: d.organization } : {}) };
    const buffer = await this.locate(content, writeDeck(
      fitted,
      meta,
      {
        eaFonts: { ko: fonts.eastAsian, zh: fonts.chinese ?? fonts.eastAsian, ja: fonts.japanese ?? fonts.eastAsian },
        ...(d.organization ? { company: d.organization } : {}),
        date: documentDate(d.date, this.options.sourceDateEpoch),
      },
      { master: theme.name, theme: themeScheme(theme), ...(d.language ? { language: d.language } : {}) },
      { parts: this.parts, slides: this.slides },
    ));
    return { buffer, layout: tree, fitted, warnings };
  }

  /** A content error without a place (a deck too big to write) is the content file's. */
  private async locate<T>(content: ParsedContent, work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      if (err instanceof BriefdeckError && err.code === 'CONTENT_INVALID' && !err.location) {
        throw new BriefdeckError(err.code, err.message, { location: { file: content.map.file }, cause: err, ...(err.hint ? { hint: err.hint } : {}) });
      }
      throw err;
    }
  }

  /**
   * Files changed on disk: forget the template roots' hashes, so the next build hashes them again
   * and loads a changed set. Content is cached by its bytes and needs no forgetting; the other
   * caches stay warm.
   */
  filesChanged(): void {
    this.roots.clear();
  }

  /** What a deck's build reads besides its images: the content file, the project config, every template root (folders). */
  dependencies(job: DeckJob): string[] {
    const config = findConfig(job.input);
    const { roots } = this.templateRoots(job.input, job.template ?? this.options.template);
    return [...new Set([resolve(job.input), ...(config ? [resolve(config.file)] : []), ...roots.roots])];
  }

  /** Content, overrides, templates, layout and fit, without rendering a .pptx: what a preview draws. */
  async preview(job: DeckJob): Promise<PreviewResult> {
    const content = applyOverrides(await this.content(job.input), job.overrides);
    const template = job.template ?? this.options.template;
    const set = this.templateSet(job.input, template);
    const { fitted, warnings, slideWarnings, theme } = this.fit(content, set);
    const lines = withWrapMemo(this.wrap, () => lineBreaks(fitted));
    const images = fitted.slides.flatMap((s) => s.nodes.flatMap((n) => (n.kind === 'image' ? [n.src] : [])));
    const assetDirs = [...set.roots, dirname(resolve(job.input))];
    const dependencies = [...new Set([...this.dependencies(job), ...images])];
    return { fitted, lines, warnings, slideWarnings, theme, dependencies, assetDirs };
  }

  /**
   * Check a deck without rendering it: its content (and a meeting's overrides), its template set
   * and theme, its logo and its layout names. Throws what `build` would throw at those steps.
   */
  async validate(job: DeckJob): Promise<{ warnings: Warning[] }> {
    const content = applyOverrides(await this.content(job.input), job.overrides);
    const { warnings } = this.prepare(content, this.templateSet(job.input, job.template ?? this.options.template));
    return { warnings: [...content.warnings, ...warnings] };
  }



  /** Build one deck and write it atomically: content, overrides, templates, render, write. */
  async build(job: DeckJob): Promise<BuildResult> {
    const content = applyOverrides(await this.content(job.input), job.overrides);
    const set = this.templateSet(job.input, job.template);
    const r = await this.render(content, set);
    const output = job.output ?? outputPath(job.input, this.options.outDir);
    await writeAtomic(output, r.buffer);
    const assets = [...new Set(r.fitted.slides.flatMap((s) => s.nodes.flatMap((n) => (n.kind === 'image' ? [n.src] : []))))].sort();
    return { input: displayPath(job.input), output, slides: r.fitted.slides.length, warnings: r.warnings, assets, outputHash: sha256(r.buffer) };
  }
}

/** Build one content file into `outDir/<basename>.pptx`, atomically: a session of one deck. */
export async function buildDeck(file: string, opts: SessionOptions = {}): Promise<BuildResult> {
  return BuildSession.create(opts).build({ input: file });
}
