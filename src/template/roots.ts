import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { BriefdeckError } from '../base/errors.js';
import { displayPath } from '../base/paths.js';
import { parseYaml, readYamlFile, validate } from '../base/yaml.js';
import { loadTheme } from '../theme/load.js';
import type { Theme } from '../theme/schema.js';

/** Built-in template sets ship beside src/ and dist/. */
export const BUILTIN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../templates');
export const DEFAULT_SET = 'briefing';
export const CONFIG_FILE = 'briefdeck.config.yaml';

/** A template set resolved from its roots: the files that win, by relative path. */
export interface TemplateSet {
  /** The built-in set underneath. */
  name: string;
  /** Lowest first: the built-in set, the project folder, then -t DIR. */
  roots: string[];
  /** Relative path (`layouts/table.hbs`) → file, later roots winning. */
  files: Map<string, { path: string; source: string }>;
  /** Every root's theme.yaml, merged in root order. */
  theme: Theme;
  themeFiles: string[];
}

export interface TemplateOptions {
  /** `-t`: a built-in set's name, or a folder of templates that overrides files by name. */
  template?: string;
  /** The content file: its folder may hold `templates/` or briefdeck.config.yaml. */
  contentFile?: string;
}

export function builtinSets(): { name: string; description: string }[] {
  if (!existsSync(BUILTIN_DIR)) return [];
  return readdirSync(BUILTIN_DIR)
    .filter((n) => existsSync(join(BUILTIN_DIR, n, 'theme.yaml')))
    .sort()
    .map((name) => ({ name, description: /^description:\s*(.*)$/m.exec(readFileSync(join(BUILTIN_DIR, name, 'theme.yaml'), 'utf8'))?.[1] ?? '' }));
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) visit(p);
      else out.push(relative(root, p).split(sep).join('/'));
    }
  };
  visit(root);
  return out;
}

const ConfigSchema = z.strictObject({
  set: z.string().min(1).optional().describe('Built-in template set to start from.'),
  templates: z.string().min(1).optional().describe("The project's template folder, relative to this file."),
});

export interface ProjectConfig {
  file: string;
  set?: string;
  templates?: string;
}

/** briefdeck.config.yaml in the content file's folder, else in the working directory. */
export function findConfig(contentFile: string | undefined): ProjectConfig | undefined {
  const dirs = [...(contentFile ? [dirname(resolve(contentFile))] : []), process.cwd()];
  for (const dir of dirs) {
    const file = join(dir, CONFIG_FILE);
    if (!existsSync(file)) continue;
    const cfg = validate(ConfigSchema, parseYaml(readYamlFile(file, displayPath(file)), displayPath(file)));
    return { file, ...(cfg.set ? { set: cfg.set } : {}), ...(cfg.templates ? { templates: resolve(dir, cfg.templates) } : {}) };
  }
  return undefined;
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

function builtin(name: string, why: string): string {
  const dir = join(BUILTIN_DIR, name);
  if (!/^[a-z0-9-]+$/i.test(name) || !isDir(dir)) {
    throw new BriefdeckError('TEMPLATE_NOT_FOUND', `no template set "${name}" (${why})`, {
      hint: `use a built-in set (${builtinSets().map((s) => s.name).join(', ')}) or a folder of templates`,
    });
  }
  return dir;
}

/** The `name:` a root's theme.yaml gives, when it names a built-in set (an ejected copy does). */
function declaredSet(root: string): string | undefined {
  const f = join(root, 'theme.yaml');
  if (!existsSync(f)) return undefined;
  const name = /^name:\s*["']?([\w-]+)/m.exec(readFileSync(f, 'utf8'))?.[1];
  return name && builtinSets().some((s) => s.name === name) ? name : undefined;
}

/**
 * The roots of a build, lowest first: the built-in set, the project's folder (`templates/` beside the
 * content file, or `templates:` in briefdeck.config.yaml), then `-t DIR`.
 */
export interface TemplateRoots {
  /** The built-in set underneath. */
  name: string;
  /** Lowest first. */
  roots: string[];
}

export function resolveRoots(opts: TemplateOptions = {}, config = findConfig(opts.contentFile)): TemplateRoots {
  const t = opts.template;
  const looksLikePath = t !== undefined && (t.includes('/') || t.includes(sep) || t.startsWith('.') || isDir(t));
  const override = t !== undefined && looksLikePath ? resolve(t) : undefined;
  if (override && !isDir(override)) throw new BriefdeckError('TEMPLATE_NOT_FOUND', `no template folder "${t}"`, { hint: 'check the path given to -t' });
  let project = config?.templates;
  if (project && !isDir(project)) throw new BriefdeckError('TEMPLATE_NOT_FOUND', `no template folder "${displayPath(project)}"`, { location: { file: displayPath(config!.file) } });
  if (!project && opts.contentFile) {
    const beside = join(dirname(resolve(opts.contentFile)), 'templates');
    if (isDir(beside) && resolve(beside) !== BUILTIN_DIR) project = beside;
  }
  const name =
    (t !== undefined && !looksLikePath ? t : undefined) ??
    (override ? declaredSet(override) : undefined) ??
    config?.set ??
    (project ? declaredSet(project) : undefined) ??
    DEFAULT_SET;
  const base = builtin(name, t === name ? 'given with -t' : config?.set === name ? `set in ${displayPath(config.file)}` : 'the default');
  return { name, roots: [base, ...(project ? [project] : []), ...(override ? [override] : [])] };
}

/** Load a template set: files by name from every root, later winning; theme.yaml merged. */
export function loadTemplateSet({ name, roots }: TemplateRoots): TemplateSet {
  const files = new Map<string, { path: string; source: string }>();
  const themeFiles: string[] = [];
  for (const root of roots) {
    for (const rel of listFiles(root)) {
      if (!rel.endsWith('.hbs')) continue;
      const path = join(root, rel);
      files.set(rel, { path, source: readFileSync(path, 'utf8') });
    }
    const tf = join(root, 'theme.yaml');
    if (existsSync(tf)) themeFiles.push(tf);
  }
  const theme = loadTheme(themeFiles, join(roots[0]!, 'theme.yaml'));
  return { name, roots, files, theme, themeFiles };
}

/**
 * Resolve an image path from a template or theme: relative, inside a template root or the content
 * file's folder. Absolute paths, `..` and URLs are refused: templates read no other files and fetch nothing.
 */
export function resolveAsset(src: string, roots: readonly string[], contentDir: string | undefined): string {
  const refuse = (why: string) =>
    new BriefdeckError('TEMPLATE_ERROR', `image "${src}" ${why}`, { hint: 'give a path relative to a template folder or to the content file, with no ".."' });
  if (/^[a-z][a-z0-9+.-]*:/i.test(src)) throw refuse('is a URL; briefdeck fetches nothing from the network');
  if (isAbsolute(src) || src.startsWith('/') || src.startsWith('\\')) throw refuse('is an absolute path');
  if (src.split(/[\\/]/).includes('..')) throw refuse('leaves its folder with ".."');
  const places = [...(contentDir ? [contentDir] : []), ...[...roots].reverse()];
  for (const base of places) {
    const p = resolve(base, src);
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  throw refuse(`is not in ${places.map((p) => displayPath(p) || '.').join(', ')}`);
}
