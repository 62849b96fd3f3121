import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BriefdeckError } from '../base/errors.js';
import { displayPath } from '../base/paths.js';
import { newFolder } from '../base/write.js';
import { BUILTIN_DIR, builtinSets, findConfig } from './roots.js';

/** Copy a built-in set to `dir` to customise; refuses to write into a folder that has files. */
export function ejectSet(name: string, dir: string): string[] {
  if (!builtinSets().some((s) => s.name === name)) {
    throw new BriefdeckError('TEMPLATE_NOT_FOUND', `no built-in template set "${name}"`, { hint: `built-in sets: ${builtinSets().map((s) => s.name).join(', ')}` });
  }
  const target = resolve(dir);
  newFolder(target, 'eject');
  cpSync(join(BUILTIN_DIR, name), target, { recursive: true, errorOnExist: true, force: false });
  const out: string[] = [];
  const walk = (d: string, rel = '') => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      if (n.isDirectory()) walk(join(d, n.name), `${rel}${n.name}/`);
      else out.push(`${rel}${n.name}`);
    }
  };
  walk(target);
  return out.sort();
}

export interface FoundSet {
  kind: 'built-in' | 'project' | 'config';
  name: string;
  path: string;
  description: string;
}

/** Built-in sets, and template folders found for a content file (or the working folder `cwd`). */
export function listSets(contentFile?: string, cwd = process.cwd()): FoundSet[] {
  const out: FoundSet[] = builtinSets().map((s) => ({ kind: 'built-in' as const, name: s.name, path: displayPath(join(BUILTIN_DIR, s.name)), description: s.description }));
  const config = findConfig(contentFile, cwd);
  if (config?.templates) out.push({ kind: 'config', name: config.templates, path: displayPath(config.templates), description: `set in ${displayPath(config.file)}` });
  const beside = resolve(cwd, contentFile ? join(contentFile, '..') : '.', 'templates');
  if (existsSync(beside) && resolve(beside) !== BUILTIN_DIR && beside !== config?.templates) {
    out.push({ kind: 'project', name: 'templates', path: displayPath(beside), description: 'beside the content file' });
  }
  return out;
}
