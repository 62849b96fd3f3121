import { readFileSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { BriefdeckError, type SourceLocation, type Warning } from './base/errors.js';
import { fileHash, sha256 } from './base/hash.js';
import { Memo } from './base/memo.js';
import { displayPath, realInside } from './base/paths.js';
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
import type { Box, LayoutTree, SlideNode } from './layout/types.js';
import { deckEntries, SlideCache, zipPackage, type PartMemo } from './pptx/deck.js';
import { graftOntoReference } from './pptx/graft.js';
import { mapLayouts, placesFor, readReference, REFERENCE_LIMITS, type Places, type Reference, type ReferenceLayout } from './pptx/reference.js';
import { contrastRatio } from './theme/contrast.js';
import { isXmlPart, ZIP_EPOCH } from './pptx/package.js';
import { TemplateEngine } from './template/engine.js';
import { planDeck } from './template/plan.js';
import { BUILTIN_DIR, findConfig, listTree, loadTemplateSet, resolveAsset, resolveRoots, type TemplateRoots, type TemplateSet } from './template/roots.js';
import { BANNER_HEIGHT, themeColors, themeScheme, type ThemeScheme } from './theme/defaults.js';
import { loadTheme, patchTheme } from './theme/load.js';
import { PALETTE_SLOTS, SLIDE_SIZES, type Theme } from './theme/schema.js';

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
  /** An office's own template (.potx or .pptx) to build every deck on (`--reference`). */
  reference?: string;
  /** The working folder: relative content, output and template paths resolve against it, and briefdeck.config.yaml is looked for in it; default the process's. */
  cwd?: string;
}

/** Options with every default applied and the environment read: the one place that reads it. */
export interface ResolvedOptions {
  outDir: string;
  template: string | undefined;
  sourceDateEpoch: string | undefined;
  cacheBytes: number;
  fit: boolean;
  reference: string | undefined;
  /** Absolute. */
  cwd: string;
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
    reference: opts.reference,
    cwd: resolve(opts.cwd ?? process.cwd()),
  };
}

/** What only the program that owns the process may do, handed to a session by a driver. */
export interface SessionHooks {
  /**
   * A full garbage collection, called once a large content file is parsed: the parser's garbage is
   * several times the data kept and would otherwise stay in the heap while the deck is drawn. The
   * library never collects (or changes V8's flags) on its own.
   */
  collectGarbage?: () => void;
}

/** Where a file names a reference, and the path as it is written there. */
export interface ReferenceNamed {
  location: SourceLocation;
  as: string;
}

/** One deck to build: a content file, where it goes, and what varies it. */
export interface DeckJob {
  input: string;
  /** Default: `outDir/<input's name>.pptx`. */
  output?: string;
  /** Overrides the session's template for this deck (a manifest's `template:`). */
  template?: string;
  /** An office template for this deck (a manifest's `reference:`), over the session's. */
  reference?: string;
  /**
   * Where `reference` is written and how, when a file names it (a manifest): it must then lie inside
   * that file's folder or the working folder, as a theme's or the project config's must. One given on
   * the command line has none, and may lie anywhere.
   */
  referenceNamed?: ReferenceNamed;
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
  /**
   * Per slide, on a reference: what its layout draws behind the slide's own shapes, which the
   * preview cannot draw itself: the background colour and the boxes of the pictures and shapes.
   */
  backdrops?: SlideBackdrop[];
}

/** What a reference layout draws under a slide: its solid background colour, if any, and its own graphics' boxes. */
export interface SlideBackdrop {
  background: string | undefined;
  graphics: Box[];
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

/** The text colour for a background: the preferred one when it reads at 4.5:1, else the best of the reference's dark and light. */
function readable(preferred: string | undefined, background: string | undefined, dark: string, light: string): string {
  const bg = background ?? light;
  if (preferred && contrastRatio(preferred, bg) >= 4.5) return preferred;
  return [dark, light, '000000', 'FFFFFF'].reduce((a, b) => (contrastRatio(b, bg) > contrastRatio(a, bg) ? b : a));
}

/**
 * The colours and fonts a reference gives a deck: table headers in its accent1, text in its dark
 * colour, stripes in its second light colour where text still reads on it.
 */
export function referenceColors(ref: Reference, fallbackPrimary = '1F4E79'): { colors: Record<string, string>; fonts: { heading: string; body: string } } {
  const c = ref.theme.colors;
  const f = ref.theme.fonts;
  const dark = c['dk1'] ?? '000000';
  const light = c['lt1'] ?? 'FFFFFF';
  const primary = c['accent1'] ?? fallbackPrimary;
  return {
    colors: {
      primary,
      onPrimary: readable(light, primary, dark, light),
      text: readable(dark, light, dark, light),
      muted: c['dk2'] && contrastRatio(c['dk2'], light) >= 4.5 ? c['dk2'] : dark,
      light: c['lt2'] && contrastRatio(dark, c['lt2']) >= 4.5 ? c['lt2'] : 'F2F2F2',
      white: light,
    },
    fonts: { heading: f.major.latin, body: f.minor.latin },
  };
}

/**
 * A set's theme with a reference's colours and fonts, for each value the set's own files leave at
 * the built-in "reference" set's default: what a template folder says wins over the reference.
 */
function referenceTheme(theme: Theme, ref: Reference, defaults: Theme): Theme {
  const derived = referenceColors(ref, theme.colors['primary']);
  const colors = { ...theme.colors };
  for (const [k, v] of Object.entries(derived.colors)) if (theme.colors[k] === undefined || theme.colors[k] === defaults.colors[k]) colors[k] = v;
  // header text follows the header fill the deck ends up with, unless a theme file sets it
  if (theme.colors['onPrimary'] === undefined || theme.colors['onPrimary'] === defaults.colors['onPrimary']) {
    const dark = ref.theme.colors['dk1'] ?? '000000';
    const light = ref.theme.colors['lt1'] ?? 'FFFFFF';
    colors['onPrimary'] = readable(light, colors['primary'], dark, light);
  }
  const font = (k: 'heading' | 'body') => (derived.fonts[k] && theme.fonts[k] === defaults.fonts[k] ? derived.fonts[k] : theme.fonts[k]);
  return { ...theme, fonts: { ...theme.fonts, heading: font('heading'), body: font('body') }, colors };
}

/**
 * The colours and fonts runs may name as the theme's. On a reference they are the reference's own
 * theme, which the deck keeps: a run says `+mn-lt` or a scheme colour only where that is what it
 * shows. A reference whose masters map colours unlike PowerPoint's default gets none.
 */
function deckScheme(theme: Theme, ref: Reference | undefined): ThemeScheme | undefined {
  const own = themeScheme(theme);
  if (!ref) return own;
  if (!ref.standardColorMap) return undefined;
  const colors = Object.fromEntries(PALETTE_SLOTS.map((k) => [k, ref.theme.colors[k] ?? own.colors[k]])) as ThemeScheme['colors'];
  return { ...own, name: ref.theme.name || own.name, colors, major: ref.theme.fonts.major.latin || own.major, minor: ref.theme.fonts.minor.latin || own.minor };
}

/** The theme file of a set that sets a top-level key last: the one whose value the merged theme has. */
function themeFileNaming(set: TemplateSet, key: string): string | undefined {
  const line = new RegExp(`^${key}\\s*:`, 'm');
  return [...set.themeFiles].reverse().find((f) => line.test(readFileSync(f, 'utf8')));
}

/** The built-in "reference" set's own theme: what a reference's values replace. */
let referenceDefaults: Theme | undefined;
const builtinReferenceTheme = () => (referenceDefaults ??= loadTheme([join(BUILTIN_DIR, 'reference', 'theme.yaml')], join(BUILTIN_DIR, 'reference', 'theme.yaml')));

/**
 * A template set's bytes in a session: its files' text (UTF-16, with the parsed theme and the maps
 * around it), and the engine compiled from it once a deck renders with it: a Handlebars environment
 * of its own with our helpers (most of an engine's heap, whatever the set's size) and the code
 * generated per template.
 */
function setCost(key: string, set: TemplateSet): number {
  const source = [...set.files.values()].reduce((n, f) => n + f.source.length, 0);
  return 2 * key.length + 4096 + 8 * source + (256 * 1024 + 32 * source);
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
  /** Template sets by the hash of their roots' files: a changed file is a new set. Each entry's cost counts its compiled templates too. */
  private readonly sets: Memo<TemplateSet>;
  /** Roots and their files' hash, per content folder and template. */
  private readonly roots: Memo<{ roots: TemplateRoots; hash: string }>;
  /**
   * Compiled templates per set. An engine lives as long as its set: an evicted set takes its engine
   * with it, so the sets memo counts both (setCost).
   */
  private readonly engines = new WeakMap<TemplateSet, TemplateEngine>();
  /** Wrapped lines by text, font and width. */
  private readonly wrap: WrapMemo;
  /** Fixed and packed package parts by a digest of their text. */
  private readonly parts: PartMemo;
  /** Finished slides, for the decks of a batch that share most of their slides. */
  private readonly slides: SlideCache;
  /** Office templates read as references, by path, size and modification time. */
  private readonly refs: Memo<Reference>;

  /** A session from options as given; `new BuildSession(resolved)` takes options already resolved (a worker's). */
  static create(opts: SessionOptions = {}): BuildSession {
    return new BuildSession(resolveOptions(opts));
  }

  constructor(
    options: ResolvedOptions,
    private readonly hooks: SessionHooks = {},
  ) {
    this.options = options;
    const share = (n: number) => Math.floor(this.options.cacheBytes * n);
    this.contents = new Memo(share(6 / 64), (key, c) => 2 * key.length + 8 * JSON.stringify(c.model).length);
    this.sets = new Memo(share(7 / 64), setCost);
    this.roots = new Memo(share(1 / 64), (key, r) => 2 * key.length + 2 * r.roots.roots.join('').length + 2 * r.hash.length + 256);
    this.wrap = new Memo(share(1 / 4), wrapCost);
    // the shares sum to one: contents 6, sets 7, roots 1, wrap 16, parts 6, slides 16, references 12 (64ths)
    this.parts = new Memo(share(6 / 64), (key, e) => key.length + e.packed.length + 160);
    this.slides = new SlideCache(share(1 / 4));
    // a reference's parts as read, and room for each packed once (Reference.packed): an XML part's text
    // (two bytes a character, at most) and the packed bytes (at most the part's own size). A session
    // builds on one reference or a few, and an office template with pictures runs to megabytes: one
    // may take the whole share, or every deck would read and pack it again
    this.refs = new Memo(share(12 / 64), (key, r) => 2 * key.length + [...r.pkg.parts].reduce((n, [name, p]) => n + (typeof p === 'string' ? 3 * p.length : (isXmlPart(name) ? 4 : 2) * p.length), 4096), 1);
  }

  /** A path as given, resolved against the session's working folder. */
  path(p: string): string {
    return resolve(this.options.cwd, p);
  }

  /** Empty every cache. */
  clear(): void {
    for (const m of [this.contents, this.sets, this.roots, this.wrap, this.parts, this.refs]) m.clear();
    this.slides.clear();
  }

  /** A content file, parsed and validated; cached by its bytes' hash. */
  async content(file: string): Promise<ParsedContent> {
    const abs = this.path(file);
    const bytes = await readContentFile(abs, file);
    const key = `${abs}\u0000${sha256(bytes)}`;
    const hit = this.contents.get(key);
    if (hit) return hit;
    const parsed = parseContentFile(file, bytes);
    // what parsing a large file left behind would otherwise stay in the heap while the deck is drawn
    if (bytes.length >= LARGE_CONTENT) this.hooks.collectGarbage?.();
    return this.contents.set(key, parsed);
  }

  /** The template roots of a deck and the hash of every file in them: the one place roots are resolved. */
  templateRoots(input: string | undefined, template = this.options.template): { roots: TemplateRoots; hash: string } {
    // resolved and looked at afresh for every deck, so a warm session sees a new or edited file;
    // only the hashing of unchanged files is saved
    const config = findConfig(input, this.options.cwd);
    const roots = resolveRoots({ ...(input ? { contentFile: input } : {}), ...(template ? { template } : {}), cwd: this.options.cwd }, config);
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

  /** A reference path named in a file: relative to it, and inside its folder or the working folder, symbolic links followed. */
  private named(path: string, file: string, key: string, at?: SourceLocation): string {
    const abs = resolve(dirname(resolve(file)), path);
    // after symbolic links, as images are checked
    if (!realInside(abs, dirname(resolve(file)), this.options.cwd)) {
      throw new BriefdeckError('REFERENCE_INVALID', `${key}: ${path} is outside ${displayPath(dirname(resolve(file))) || '.'} and the working folder`, {
        location: at ?? { file: displayPath(file) },
        hint: 'copy the office template into the project, or give it with --reference',
      });
    }
    return abs;
  }

  /**
   * The path of a job's own reference (a meeting's, or --reference for a batch), checked as a theme's
   * is when a file names it; undefined when the job has none. A batch asks before it hashes the file.
   */
  jobReference(job: DeckJob): string | undefined {
    if (!job.reference) return undefined;
    const named = job.referenceNamed;
    return named ? this.named(named.as, named.location.file, 'reference', named.location) : this.path(job.reference);
  }

  /** A reference asked for outside the template set: the job's (a meeting's), the session's (--reference), the content's theme, the project config. */
  private askedReference(job: DeckJob, content: ParsedContent): string | undefined {
    if (job.reference) return this.jobReference(job);
    if (this.options.reference) return this.path(this.options.reference);
    const own = content.model.theme?.reference;
    if (own) return this.named(own, content.map.file, 'theme.reference');
    const config = findConfig(job.input, this.options.cwd);
    return config?.reference ? this.named(relative(dirname(config.file), config.reference), config.file, 'reference') : undefined;
  }

  /** A reference read once per session and version of its bytes; a missing one is reported where it is named, when a file names it. */
  private loadReference(path: string, namedAt?: SourceLocation): Reference {
    const shown = displayPath(path);
    let st: Stats | undefined;
    try {
      st = statSync(path);
    } catch {
      // missing, unreadable, or a path through a file: all "no reference template"
    }
    if (!st?.isFile()) throw new BriefdeckError('REFERENCE_INVALID', `no reference template ${shown}`, { location: namedAt ?? { file: shown }, hint: 'check the path to the .potx or .pptx' });
    if (st.size > REFERENCE_LIMITS.fileBytes) {
      throw new BriefdeckError('REFERENCE_INVALID', `is ${(st.size / 2 ** 20).toFixed(0)} MiB; a reference may be at most ${REFERENCE_LIMITS.fileBytes / 2 ** 20} MiB`, {
        location: { file: shown },
        hint: 'remove sample slides and unused media, or compress its pictures in PowerPoint',
      });
    }
    // keyed by what the file looks like on disk, as template roots are, so a batch reads it once
    const key = `${path}\u0000${st.size}\u0000${st.mtimeMs}`;
    return this.refs.get(key) ?? this.refs.set(key, readReference(readFileSync(path), shown));
  }

  /**
   * A deck's template set and the reference it is built on, if any. A reference asked for outside
   * the set makes the "reference" set the default; one named in the set's theme.yaml is relative to it.
   */
  private setAndReference(job: DeckJob, content: ParsedContent): { set: TemplateSet; reference: Reference | undefined } {
    const asked = this.askedReference(job, content);
    const set = this.templateSet(job.input, job.template ?? this.options.template ?? (asked ? 'reference' : undefined));
    let path = asked;
    if (!path) {
      const file = themeFileNaming(set, 'reference');
      if (file && set.theme.reference) path = this.named(set.theme.reference, file, 'reference');
    }
    if (!path) return { set, reference: undefined };
    if (set.name !== 'reference') {
      throw new BriefdeckError('USAGE', `the "${set.name}" set draws its own slide design, so it cannot be built on the reference ${displayPath(path)}`, {
        hint: 'leave out -t (a reference uses the "reference" set), or give a folder whose theme.yaml says `name: reference`, as `briefdeck templates from office.potx DIR` writes',
      });
    }
    // a meeting's own reference, when missing, is reported at the manifest's line
    const namedAt = path === asked && job.reference ? job.referenceNamed?.location : undefined;
    return { set, reference: this.loadReference(path, namedAt) };
  }

  /**
   * Everything about a deck that needs no rendering: the theme with the content's patch, the logo
   * image, and a layout in the set for every planned slide. `validate` stops here.
   */
  private prepare(content: ParsedContent, set: TemplateSet, reference?: Reference) {
    const engine = this.engine(set);
    const patched = patchTheme(set.theme, content.model.theme, content.map);
    const theme = reference ? referenceTheme(patched, reference, builtinReferenceTheme()) : patched;
    // the model's file is a display path, relative to the process's folder like every shown path
    const contentDir = dirname(resolve(content.map.file));
    const asset = (src: string) => resolveAsset(src, set.roots, contentDir);
    const warnings: Warning[] = [];
    if (theme.logo) {
      const fromContent = content.model.theme?.logo !== undefined;
      const themeFile = () => themeFileNaming(set, 'logo') ?? set.themeFiles.at(-1)!;
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
    return { engine, theme, asset, plan, warnings, onReference: reference ? this.onReference(reference, theme, set, content) : undefined };
  }

  /** Which reference layout each template layout is built on, and the places it gives the slide's text. */
  private onReference(ref: Reference, theme: Theme, set: TemplateSet, content: ParsedContent) {
    const file = themeFileNaming(set, 'layouts');
    const map = mapLayouts(ref, theme.layouts ?? {}, file ? { file: displayPath(file) } : undefined);
    const layoutOf = (name: string): ReferenceLayout => map[name] ?? map['section']!;
    // text keeps clear of the classification banners, which are drawn over the reference's layouts
    const band = content.model.deck.classification ? (theme.classification.height ?? BANNER_HEIGHT) : 0;
    const colors = ref.theme.colors;
    const places = new Map<string, Places>();
    const placesOf = (name: string) => {
      let p = places.get(name);
      if (!p) {
        p = placesFor(ref, layoutOf(name), band, (preferred, bg) => readable(preferred, bg, colors['dk1'] ?? '000000', colors['lt1'] ?? 'FFFFFF'));
        places.set(name, p);
      }
      return p;
    };
    return { ref, layoutOf, placesOf };
  }

  /** Content → slide markup → layout tree. */
  layout(content: ParsedContent, set: TemplateSet, reference?: Reference): { tree: LayoutTree; paths: Map<SlideNode, PathSegment[]>; theme: Theme; warnings: Warning[]; layoutOf: ((name: string) => ReferenceLayout) | undefined } {
    const { engine, theme, asset, plan, warnings: prepared, onReference } = this.prepare(content, set, reference);
    const defaults = { ...markupDefaults(theme), asset };
    const page = onReference ? onReference.ref.size : SLIDE_SIZES[theme.slide.size];
    const paths = new Map<SlideNode, PathSegment[]>();
    const slides: SlideNode[] = [];
    const warnings = new Map<string, Warning>();
    for (const planned of plan) {
      const context = onReference ? { ...planned.context, page, place: onReference.placesOf(planned.layout) } : planned.context;
      const markup = engine.render(planned.layout, context, planned.what);
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
    return { tree: { size: page, slides }, paths, theme, warnings: [...prepared, ...warnings.values()], layoutOf: onReference?.layoutOf };
  }

  /** Layout and fit: the tree as rendered, with fitting's warnings, all and per slide. */
  fit(
    content: ParsedContent,
    set: TemplateSet,
    reference?: Reference,
  ): { tree: LayoutTree; fitted: LayoutTree; warnings: Warning[]; slideWarnings: Warning[][]; theme: Theme; layoutOf: ((name: string) => ReferenceLayout) | undefined } {
    const { tree, paths, theme, warnings: offSlide, layoutOf } = this.layout(content, set, reference);
    const warnings: Warning[] = [...offSlide];
    if (!this.options.fit) {
      const fitted = placeWithoutFitting(tree);
      return { tree, fitted, warnings: [...content.warnings, ...warnings], slideWarnings: fitted.slides.map(() => []), theme, layoutOf };
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
    return { tree, fitted, warnings: [...content.warnings, ...warnings], slideWarnings, theme, layoutOf };
  }

  /** Layout, fit, render: the deck's bytes. Nothing touches the disk but reading images. */
  async render(content: ParsedContent, set: TemplateSet, reference?: Reference): Promise<DeckResult> {
    const { tree, fitted, warnings, theme, layoutOf } = this.fit(content, set, reference);
    const d = content.model.deck;
    const fonts = theme.fonts;
    // no subtitle, no subject: pptxgenjs would write its own name there
    const meta = { title: d.title, subject: d.subtitle ?? '', ...(d.organization ? { author: d.organization } : {}) };
    const entries = await this.locate(content, deckEntries(
      fitted,
      meta,
      {
        eaFonts: { ko: fonts.eastAsian, zh: fonts.chinese ?? fonts.eastAsian, ja: fonts.japanese ?? fonts.eastAsian },
        ...(d.organization ? { company: d.organization } : {}),
        date: documentDate(d.date, this.options.sourceDateEpoch),
      },
      { master: theme.name, ...(deckScheme(theme, reference) ? { theme: deckScheme(theme, reference)! } : {}), ...(d.language ? { language: d.language } : {}) },
      { parts: this.parts, slides: this.slides },
    ));
    // on a reference, the deck's packed parts are grafted onto it before anything is zipped
    const buffer = reference && layoutOf ? graftOntoReference(entries, reference, { slideLayouts: fitted.slides.map((s) => layoutOf(s.layout)) }) : zipPackage(entries);
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
    const config = findConfig(job.input, this.options.cwd);
    const { roots } = this.templateRoots(job.input, job.template ?? this.options.template);
    const reference = job.reference ?? this.options.reference ?? config?.reference;
    return [...new Set([this.path(job.input), ...(config ? [config.file] : []), ...roots.roots, ...(reference ? [this.path(reference)] : [])])];
  }

  /** Content, overrides, templates, layout and fit, without rendering a .pptx: what a preview draws. */
  async preview(job: DeckJob): Promise<PreviewResult> {
    const content = applyOverrides(await this.content(job.input), job.overrides);
    const { set, reference } = this.setAndReference(job, content);
    const { fitted, warnings, slideWarnings, theme, layoutOf } = this.fit(content, set, reference);
    const lines = withWrapMemo(this.wrap, () => lineBreaks(fitted));
    const backdrops = layoutOf
      ? fitted.slides.map((s): SlideBackdrop => {
          const l = layoutOf(s.layout);
          return { background: l.background, graphics: l.graphics };
        })
      : undefined;
    const images = fitted.slides.flatMap((s) => s.nodes.flatMap((n) => (n.kind === 'image' ? [n.src] : [])));
    const assetDirs = [...set.roots, dirname(this.path(job.input))];
    const dependencies = [...new Set([...this.dependencies(job), ...images])];
    return { fitted, lines, warnings, slideWarnings, theme, dependencies, assetDirs, ...(backdrops ? { backdrops } : {}) };
  }

  /**
   * Check a deck without rendering it: its content (and a meeting's overrides), its template set
   * and theme, its logo and its layout names. Throws what `build` would throw at those steps.
   */
  async validate(job: DeckJob): Promise<{ warnings: Warning[] }> {
    const content = applyOverrides(await this.content(job.input), job.overrides);
    const { set, reference } = this.setAndReference(job, content);
    const { warnings } = this.prepare(content, set, reference);
    return { warnings: [...content.warnings, ...warnings] };
  }



  /** Build one deck and write it atomically: content, overrides, templates, render, write. */
  async build(job: DeckJob): Promise<BuildResult> {
    const content = applyOverrides(await this.content(job.input), job.overrides);
    const { set, reference } = this.setAndReference(job, content);
    const r = await this.render(content, set, reference);
    const output = job.output ?? outputPath(job.input, this.options.outDir);
    await writeAtomic(this.path(output), r.buffer);
    const assets = [...new Set(r.fitted.slides.flatMap((s) => s.nodes.flatMap((n) => (n.kind === 'image' ? [n.src] : []))))].sort();
    return { input: displayPath(job.input), output, slides: r.fitted.slides.length, warnings: r.warnings, assets, outputHash: sha256(r.buffer) };
  }
}

/** Build one content file into `outDir/<basename>.pptx`, atomically: a session of one deck. */
export async function buildDeck(file: string, opts: SessionOptions = {}): Promise<BuildResult> {
  return BuildSession.create(opts).build({ input: file });
}
