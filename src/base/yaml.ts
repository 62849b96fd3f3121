/** YAML with source positions, and zod validation whose every problem names its `file:line:col`. */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { BriefdeckError, type Problem } from './errors.js';
import { didYouMean } from './suggest.js';

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let s = '';
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s ? `.${seg}` : seg;
  return s;
}

/** A parsed YAML document that can say where any path came from. */
export interface SourceMap {
  file: string;
  /** 1-based line and column of the node at `path`, or of its nearest existing ancestor. */
  locate(path: readonly PathSegment[], keyOfLast?: boolean): { line: number; col: number };
}

export interface ParsedYaml {
  data: unknown;
  map: SourceMap;
}

/** Parse YAML keeping positions; syntax errors become problems with positions. */
export function parseYaml(source: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  if (doc.errors.length > 0) {
    // one broken quote can cascade; the first few errors are the useful ones
    const shown = doc.errors.slice(0, 10).map((e) => ({ file, ...pos(e.pos[0]), path: '', message: `YAML syntax: ${firstLine(e.message).slice(0, 200)}` }));
    if (doc.errors.length > 10) shown.push({ ...shown[9]!, message: `YAML syntax: ${doc.errors.length - 10} more error(s) after these` });
    throw BriefdeckError.ofProblems(shown);
  }
  // positions only, not the document: a large file's nodes would cost far more to keep
  const spots = spotOf(doc.contents);
  const map: SourceMap = {
    file,
    locate(path, keyOfLast = false) {
      return pos(walk(spots, path, keyOfLast) ?? 0);
    },
  };
  return { data: doc.toJS({ maxAliasCount: 100 }), map };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

/**
 * Where a node starts, kept compactly: a number for a scalar, else its start and its children's
 * spots. A mapping holds each key's own start too, for messages about the key.
 */
type Spot = number | { at: number; keys: Map<string, { key: number; value: Spot | undefined }> } | { at: number; items: (Spot | undefined)[] };

function spotOf(node: unknown): Spot | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const at = (node as Ranged).range?.[0];
  if (at === undefined) return undefined;
  if (isMap(node)) {
    const keys = new Map<string, { key: number; value: Spot | undefined }>();
    for (const p of node.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const k = String(p.key.value);
      // the first pair of a key wins, as a lookup by key would find it
      if (!keys.has(k)) keys.set(k, { key: (p.key as Ranged).range?.[0] ?? at, value: spotOf(p.value) });
    }
    return { at, keys };
  }
  if (isSeq(node)) return { at, items: node.items.map(spotOf) };
  return at;
}

type Ranged = { range?: [number, number, number] | null | undefined };

/** The start of the node at `path` (of its key with `keyOfLast`), or of its nearest ancestor. */
function walk(root: Spot | undefined, path: readonly PathSegment[], keyOfLast = false): number | undefined {
  let node = root;
  const start = (s: Spot | undefined) => (typeof s === 'number' ? s : s?.at);
  let last = start(node);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (node !== undefined && typeof node === 'object' && 'keys' in node) {
      const pair = node.keys.get(String(seg));
      if (!pair) return last;
      if (keyOfLast && i === path.length - 1) return pair.key;
      // a key with no value (`title:`) has no value node; point at the key
      if (pair.value === undefined) return pair.key;
      node = pair.value;
    } else if (node !== undefined && typeof node === 'object' && 'items' in node && typeof seg === 'number') {
      node = node.items[seg];
      if (node === undefined) return last;
    } else {
      return last;
    }
    last = start(node);
  }
  return last;
}

/** Keys that the schema allows at `path`, for did-you-mean suggestions. */
function keysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  let cur: z.ZodType | undefined = schema;
  const objectOf = (s: z.ZodType | undefined): z.ZodObject | undefined => {
    while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
    if (s instanceof z.ZodObject) return s;
    if (s instanceof z.ZodUnion) {
      for (const o of s.options as readonly z.ZodType[]) {
        const r = objectOf(o);
        if (r) return r;
      }
    }
    return undefined;
  };
  for (const seg of path) {
    while (cur instanceof z.ZodOptional) cur = cur.unwrap() as z.ZodType;
    if (typeof seg === 'number' && cur instanceof z.ZodArray) cur = cur.element as z.ZodType;
    else cur = objectOf(cur)?.shape[seg] as z.ZodType | undefined;
  }
  return Object.keys(objectOf(cur)?.shape ?? {});
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

const article: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  object: 'a mapping',
  array: 'a list',
  boolean: 'true or false',
};

/** The raw value at `path`, or undefined. */
export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PathSegment, unknown>)[seg];
  }
  return v;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The path of the string that reads as `text` (whitespace aside) below `under`, else below each
 * parent of `under` in turn: what a warning about a slide's text points at. The same string wins
 * over one equal but for whitespace, which wins over one that contains the text.
 */
export function pathOfText(data: unknown, under: readonly PathSegment[], text: string): PathSegment[] | undefined {
  if (!text.trim()) return undefined;
  type Match = (s: string) => boolean;
  const search = (v: unknown, path: PathSegment[], match: Match): PathSegment[] | undefined => {
    if (typeof v === 'string') return match(v) ? path : undefined;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const hit = search(v[i], [...path, i], match);
        if (hit) return hit;
      }
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const hit = search(x, [...path, k], match);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  // the same string first (the usual case, and cheap for a long text), then whitespace aside
  let want: string | undefined;
  const matches: Match[] = [
    (s) => s === text,
    (s) => s.length >= (want ??= squash(text)).length && squash(s) === want,
    (s) => s.length >= (want ??= squash(text)).length && squash(s).includes(want),
  ];
  for (const match of matches) {
    for (let n = under.length; n >= 0; n--) {
      const base = under.slice(0, n);
      const hit = search(valueAt(data, base), [...base], match);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Validate parsed data against a zod schema, collecting every problem with its position. */
export function validate<T>(schema: z.ZodType<T>, parsed: ParsedYaml, extra: Problem[] = []): T {
  const { data, map } = parsed;
  const result = schema.safeParse(data);
  const problems: Problem[] = [...extra];
  const at = (path: readonly PathSegment[]) => ({ file: map.file, ...map.locate(path), path: formatPath(path) });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        const known = keysAt(schema, path);
        for (const key of issue.keys) {
          const guess = didYouMean(key, known);
          problems.push({
            ...at([...path, key]),
            ...map.locate([...path, key], true),
            message: `unknown key \`${key}\`${guess ? `; did you mean \`${guess}\`?` : `; allowed keys: ${known.join(', ')}`}`,
          });
        }
      } else if (issue.code === 'invalid_type') {
        const value = valueAt(data, path);
        const expected = article[issue.expected] ?? issue.expected;
        if (value === undefined && path.length > 0) {
          const parent = path.slice(0, -1);
          // point at the parent's key (`deck:`), or at the list item that lacks it
          const where = map.locate(parent, typeof parent[parent.length - 1] === 'string');
          problems.push({ ...at(parent), ...where, path: formatPath(path), message: `missing required key \`${String(path[path.length - 1])}\` (${expected})` });
        } else if (path.length === 0 && (value === null || value === undefined)) {
          problems.push({ ...at(path), message: 'the file is empty; expected a mapping with `deck` and `sections`' });
        } else {
          problems.push({ ...at(path), message: `expected ${expected}, got ${describe(value)}` });
        }
      } else if (issue.code === 'too_small') {
        const value = valueAt(data, path);
        const message =
          typeof value === 'string' ? 'must not be empty' : issue.message.startsWith('Too small') ? `needs at least ${String(issue.minimum)} item(s)` : issue.message;
        problems.push({ ...at(path), message });
      } else {
        problems.push({ ...at(path), message: issue.message });
      }
    }
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line || a.col - b.col);
    throw BriefdeckError.ofProblems(problems);
  }
  return result.data as T;
}
