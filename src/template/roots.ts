import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BriefdeckError, ContentError } from '../errors.js';
import { parseYaml, validate } from '../content/parse.js';
import { ThemeSchema, type Theme } from './theme.js';

/** Built-in template sets ship beside src/ and dist/. */
export const BUILTIN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../templates');
export const DEFAULT_SET = 'briefing';

/** A template set resolved from its roots: the files that win, by relative path. */
export interface TemplateSet {
  name: string;
  roots: string[];
  /** Relative path (`layouts/table.hbs`) → file, later roots winning. */
  files: Map<string, { path: string; source: string }>;
  theme: Theme;
  themeFile: string;
}

export function builtinSets(): string[] {
  if (!existsSync(BUILTIN_DIR)) return [];
  return readdirSync(BUILTIN_DIR).filter((n) => existsSync(join(BUILTIN_DIR, n, 'theme.yaml'))).sort();
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) visit(p);
      else if (name.endsWith('.hbs') || name === 'theme.yaml') out.push(relative(root, p).split(sep).join('/'));
    }
  };
  visit(root);
  return out;
}

/**
 * Resolve the roots for a build. `template` is a built-in name or a folder; a folder that has no
 * theme.yaml is an override root on top of the default set.
 */
export function resolveRoots(template: string | undefined): { name: string; roots: string[] } {
  if (template === undefined) return { name: DEFAULT_SET, roots: [join(BUILTIN_DIR, DEFAULT_SET)] };
  const looksLikePath = template.includes('/') || template.includes(sep) || template.startsWith('.');
  if (!looksLikePath && builtinSets().includes(template)) return { name: template, roots: [join(BUILTIN_DIR, template)] };
  const dir = resolve(template);
  if (existsSync(dir) && statSync(dir).isDirectory()) {
    const base = existsSync(join(dir, 'theme.yaml')) ? [] : [join(BUILTIN_DIR, DEFAULT_SET)];
    return { name: basename(dir), roots: [...base, dir] };
  }
  throw new BriefdeckError('TEMPLATE_NOT_FOUND', `no template set "${template}"`, {
    hint: `use a built-in set (${builtinSets().join(', ')}) or a folder of templates`,
  });
}

export function loadTemplateSet(template?: string): TemplateSet {
  const { name, roots } = resolveRoots(template);
  const files = new Map<string, { path: string; source: string }>();
  for (const root of roots) {
    for (const rel of listFiles(root)) {
      const path = join(root, rel);
      files.set(rel, { path, source: readFileSync(path, 'utf8') });
    }
  }
  const themeFile = files.get('theme.yaml');
  if (!themeFile) throw new BriefdeckError('TEMPLATE_NOT_FOUND', `template set "${name}" has no theme.yaml`, { location: { file: roots.at(-1)! } });
  let theme: Theme;
  try {
    theme = validate(ThemeSchema, parseYaml(themeFile.source, displayPath(themeFile.path)));
  } catch (e) {
    throw e instanceof ContentError ? new ContentError(e.problems, 'THEME_INVALID') : e;
  }
  return { name, roots, files, theme, themeFile: themeFile.path };
}

/** Paths in messages: relative to the working directory when below it. */
export function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
}
