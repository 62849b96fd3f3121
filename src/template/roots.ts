import { closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { BriefdeckError } from '../base/errors.js';
import { IMAGE_NAMES, kindOfBytes, kindOfName } from '../base/image.js';
import { displayPath, isInside, realOr } from '../base/paths.js';
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
  /** The working folder: relative paths resolve against it; default the process's. */
  cwd?: string;
}

export function builtinSets(): { name: string; description: string }[] {
  if (!existsSync(BUILTIN_DIR)) return [];
  return readdirSync(BUILTIN_DIR)
    .filter((n) => existsSync(join(BUILTIN_DIR, n, 'theme.yaml')))
    .sort()
    .map((name) => ({ name, description: /^description:\s*(.*)$/m.exec(readFileSync(join(BUILTIN_DIR, name, 'theme.yaml'), 'utf8'))?.[1] ?? '' }));
}

/** More files than any template set needs: a root that is really /etc or a home folder is refused, not read. */
export const MAX_ROOT_FILES = 2000;

const treeError = (path: string, message: string, cause?: unknown) =>
  new BriefdeckError('TEMPLATE_ERROR', message, { location: { file: displayPath(path) }, ...(cause ? { cause } : {}) });

/**
 * Every file below a template root, as sorted relative paths with "/". Names that start with "."
 * are skipped: editors' lock files and backups (Emacs's `.#footer.hbs` is a symbolic link to
 * nowhere), `.git`. Symbolic links are followed while they stay inside the root (after every link);
 * one that leads out of it, a broken one or a loop is an error naming it: a template set reads no
 * file outside its folders, as its images may not either.
 */
export function listTree(root: string): string[] {
  const out: string[] = [];
  const realRoot = realpathSync(root);
  const visit = (dir: string, ancestors: ReadonlySet<string>) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      throw treeError(dir, `cannot read the template folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`, err);
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      let st: Stats;
      try {
        st = statSync(p);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') throw treeError(p, 'is a symbolic link that points back to itself (a loop)', err);
        if (code === 'ENOENT') {
          let target = '';
          try {
            target = ` to ${readlinkSync(p)}`;
          } catch {
            // not a link after all: the file went away while the folder was read
          }
          throw treeError(p, `is a broken symbolic link${target}; remove it or point it at a file`, err);
        }
        throw treeError(p, `cannot read (${code ?? String(err)})`, err);
      }
      const link = lstatSync(p).isSymbolicLink();
      const real = link || st.isDirectory() ? realpathSync(p) : p;
      if (link && !isInside(real, realRoot)) {
        throw treeError(p, `is a symbolic link to ${displayPath(real)}, outside the template folder ${displayPath(root)}; copy the file into the folder instead`);
      }
      if (st.isDirectory()) {
        // a link to a folder above it would be walked for ever
        if (ancestors.has(real)) throw treeError(p, 'is a symbolic link to a folder that contains it (a loop)');
        visit(p, new Set([...ancestors, real]));
      } else if (st.isFile()) {
        out.push(relative(root, p).split(sep).join('/'));
        if (out.length > MAX_ROOT_FILES) {
          throw treeError(root, `holds more than ${MAX_ROOT_FILES} files, more than any template set needs; is it the right folder?`);
        }
      }
    }
  };
  visit(root, new Set([realRoot]));
  return out;
}

const ConfigSchema = z.strictObject({
  set: z.string().min(1).optional().describe('Built-in template set to start from.'),
  templates: z.string().min(1).optional().describe("The project's template folder, relative to this file."),
  reference: z.string().min(1).optional().describe("The office's own PowerPoint template (.potx or .pptx) every deck is built on, relative to this file."),
});

export interface ProjectConfig {
  file: string;
  set?: string;
  templates?: string;
  /** Absolute path of the project's reference template. */
  reference?: string;
}

/** briefdeck.config.yaml in the content file's folder, else in the working folder `cwd`. */
export function findConfig(contentFile: string | undefined, cwd: string): ProjectConfig | undefined {
  const dirs = [...(contentFile ? [dirname(resolve(cwd, contentFile))] : []), cwd];
  for (const dir of dirs) {
    const file = join(dir, CONFIG_FILE);
    if (!existsSync(file)) continue;
    const cfg = validate(ConfigSchema, parseYaml(readYamlFile(file, displayPath(file)), displayPath(file)));
    return { file, ...(cfg.set ? { set: cfg.set } : {}), ...(cfg.templates ? { templates: resolve(dir, cfg.templates) } : {}), ...(cfg.reference ? { reference: resolve(dir, cfg.reference) } : {}) };
  }
  return undefined;
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** Whether a folder holds what a template root holds: a theme.yaml, layouts/ or partials/. */
function isTemplateRoot(dir: string): boolean {
  return existsSync(join(dir, 'theme.yaml')) || isDir(join(dir, 'layouts')) || isDir(join(dir, 'partials'));
}

/** A folder given as a template root, checked before anything in it is read or hashed. */
function templateFolder(dir: string, shown: string, at?: string): string {
  const where = at ? { location: { file: displayPath(at) } } : {};
  if (!isDir(dir)) throw new BriefdeckError('TEMPLATE_NOT_FOUND', `no template folder "${shown}"`, { ...where, hint: 'check the path' });
  if (!isTemplateRoot(dir)) {
    throw new BriefdeckError('TEMPLATE_NOT_FOUND', `"${shown}" is not a template folder: it has no theme.yaml, layouts/ or partials/`, {
      ...where,
      hint: '`briefdeck templates eject briefing DIR` makes one',
    });
  }
  return dir;
}

function builtin(name: string, why: string | undefined): string {
  const dir = join(BUILTIN_DIR, name);
  if (!/^[a-z0-9-]+$/i.test(name) || !isDir(dir)) {
    throw new BriefdeckError('TEMPLATE_NOT_FOUND', `no template set "${name}"${why ? `, ${why}` : ''}`, {
      hint: `built-in sets: ${builtinSets().map((s) => s.name).join(', ')}; or give a folder of templates`,
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

export function resolveRoots(opts: TemplateOptions = {}, config = findConfig(opts.contentFile, opts.cwd ?? process.cwd())): TemplateRoots {
  const t = opts.template;
  const cwd = opts.cwd ?? process.cwd();
  const looksLikePath = t !== undefined && (t.includes('/') || t.includes(sep) || t.startsWith('.') || isDir(resolve(cwd, t)));
  const override = t !== undefined && looksLikePath ? templateFolder(resolve(cwd, t), t) : undefined;
  let project = config?.templates;
  if (project) templateFolder(project, displayPath(project), config!.file);
  if (!project && opts.contentFile) {
    // a templates/ folder beside the content that holds no templates (office documents, say) is not a root
    const beside = join(dirname(resolve(cwd, opts.contentFile)), 'templates');
    if (isDir(beside) && resolve(beside) !== BUILTIN_DIR && isTemplateRoot(beside)) project = beside;
  }
  const name =
    (t !== undefined && !looksLikePath ? t : undefined) ??
    (override ? declaredSet(override) : undefined) ??
    config?.set ??
    (project ? declaredSet(project) : undefined) ??
    DEFAULT_SET;
  // a name given with -t or by a manifest needs no saying where it came from: the caller knows
  const base = builtin(name, t === name ? undefined : config?.set === name ? `set in ${displayPath(config.file)}` : 'the default set');
  return { name, roots: [base, ...(project ? [project] : []), ...(override ? [override] : [])] };
}

/** Load a template set: files by name from every root, later winning; theme.yaml merged. */
export function loadTemplateSet({ name, roots }: TemplateRoots): TemplateSet {
  const files = new Map<string, { path: string; source: string }>();
  const themeFiles: string[] = [];
  for (const root of roots) {
    for (const rel of listTree(root)) {
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

/** The first bytes of a file, enough to know an image by. */
function head(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(512);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Resolve an image path from a template or theme: relative, inside a template root or the content
 * file's folder, by its real path (after symbolic links), and a PNG, JPEG or GIF by its bytes as
 * well as its name. Absolute paths, `..`, URLs and links out of those folders are refused:
 * templates read no other files and fetch nothing. Returns the real path, the file that was checked.
 */
export function resolveAsset(src: string, roots: readonly string[], contentDir: string | undefined): string {
  const refuse = (why: string, hint = 'give a path relative to a template folder or to the content file, with no ".."') =>
    new BriefdeckError('TEMPLATE_ERROR', `image "${src}" ${why}`, { hint });
  if (/^[a-z][a-z0-9+.-]*:/i.test(src)) throw refuse('is a URL; briefdeck fetches nothing from the network');
  if (isAbsolute(src) || src.startsWith('/') || src.startsWith('\\')) throw refuse('is an absolute path');
  if (src.split(/[\\/]/).includes('..')) throw refuse('leaves its folder with ".."');
  const named = kindOfName(src);
  if (named === 'svg') throw refuse('is an SVG image, which briefdeck cannot embed (PowerPoint needs a PNG copy beside it)', 'convert it to PNG');
  if (!named) throw refuse('is not a .png, .jpg or .gif file', 'give a PNG, JPEG or GIF image');
  const places = [...(contentDir ? [contentDir] : []), ...[...roots].reverse()];
  const allowed = places.map(realOr);
  for (const base of places) {
    const p = resolve(base, src);
    // existsSync and statSync follow links: a broken link is no file here
    if (!existsSync(p) || !statSync(p).isFile()) continue;
    const real = realpathSync(p);
    if (!allowed.some((dir) => isInside(real, dir))) throw refuse(`is a symbolic link to ${real}, outside the template folders and the content folder`, 'copy the image into one of them');
    const found = kindOfBytes(head(real));
    if (found !== named) {
      throw refuse(
        `is named as ${IMAGE_NAMES[named]} image but ${found ? `holds ${IMAGE_NAMES[found]} one` : 'is not an image (its first bytes are no PNG, JPEG or GIF signature)'}`,
        found && found !== 'svg' ? `rename it to .${found === 'jpeg' ? 'jpg' : found}` : 'give a PNG, JPEG or GIF image',
      );
    }
    return real;
  }
  // none is an image file: say what is there instead, a folder or a broken link, where there is one
  for (const base of places) {
    const p = resolve(base, src);
    let link: string | undefined;
    try {
      link = lstatSync(p).isSymbolicLink() ? readlinkSync(p) : undefined;
    } catch {
      continue;
    }
    if (existsSync(p) && statSync(p).isDirectory()) throw refuse(`is a folder (${displayPath(p)}), not an image file`, 'give the path of the image file itself');
    if (link !== undefined && !existsSync(p)) throw refuse(`is a broken symbolic link (${displayPath(p)} to ${link})`, 'point it at an image, or copy the image in its place');
  }
  throw refuse(`does not exist: it is not in ${places.map((p) => displayPath(p) || '.').join(', ')}`, 'check the name, or copy the image into one of these folders');
}
