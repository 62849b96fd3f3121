import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** What a deck may link to: an http(s) or mailto address, with no spaces (a content url, a template's href). */
export const LINK_ADDRESS = /^(https?:\/\/|mailto:)\S+$/i;

/** Paths in messages: relative to the working directory when below it. */
export function displayPath(p: string, cwd = process.cwd()): string {
  const rel = relative(cwd, p);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
}

/** A path after symbolic links, or as resolved where it does not exist (yet). */
export function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** Whether `p`, after symbolic links, is one of `dirs` (after theirs) or lies below one. */
export function realInside(p: string, ...dirs: string[]): boolean {
  const real = realOr(p);
  return dirs.some((d) => isInside(real, realOr(d)));
}

/** Whether `p` is `dir` or lies below it (both resolved; no symlinks followed). */
export function isInside(p: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(p));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
