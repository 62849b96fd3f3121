/** YAML with source positions, and zod validation whose every problem names its `file:line:col`. */
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import { BriefdeckError, type Problem } from './errors.js';
import { didYouMean } from './suggest.js';
import { plural } from './words.js';

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

/** Whether bytes are UTF-16: a byte-order mark, or the NUL beside every ASCII character. */
export function isUtf16(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return true;
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  return Math.max(even, odd) >= n / 4 && Math.min(even, odd) === 0;
}

/** Offset of the first byte that is not part of well-formed UTF-8, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    // the lead byte says how many continuation bytes follow and what range the second may take
    // (no overlong forms, no surrogates, nothing above U+10FFFF)
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

const utf8 = new TextDecoder('utf-8');

/**
 * A YAML file's bytes as text: UTF-8 only, its byte-order mark dropped. UTF-16 and bytes that are
 * not UTF-8 (a Latin-1 "é") are problems at their line and column, never replacement characters.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  if (isUtf16(bytes)) throw BriefdeckError.ofProblems([{ file, line: 1, col: 1, path: '', message: 'the file is UTF-16 text; save it as UTF-8' }]);
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    const col = utf8.decode(bytes.subarray(lineStart, bad)).length + 1;
    const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    throw BriefdeckError.ofProblems([{ file, line, col, path: '', message: `byte 0x${hex} is not UTF-8 (Latin-1 or Windows text?); save the file as UTF-8` }]);
  }
  return utf8.decode(bytes).replace(/^\uFEFF/, '');
}

/** Read and decode a YAML file (a theme, a config): missing or unreadable files keep their fs error. */
export function readYamlFile(path: string, file: string): string {
  return decodeText(readFileSync(path), file);
}

/** Parse YAML keeping positions; syntax errors become problems with positions. */
export function parseYaml(source: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  // logLevel 'error': the yaml library would otherwise print warnings itself (a key that is a list
  // or mapping); such a key is then reported by validation as an unknown key
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  if (doc.errors.length > 0) {
    // one broken quote can cascade; the first few errors are the useful ones
    const shown = doc.errors.slice(0, 10).map((e) => ({ file, ...pos(e.pos[0]), path: '', message: syntaxMessage(e.code, e.message) }));
    if (doc.errors.length > 10) shown.push({ ...shown[9]!, message: `YAML syntax: ${plural(doc.errors.length - 10, 'more error')} after these` });
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
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    // the yaml library's guard against alias bombs ("billion laughs"); anything else is a bug
    if (!(err instanceof ReferenceError && /alias/i.test(err.message))) throw err;
    let first: number | undefined;
    visit(doc, {
      Alias(_, node) {
        first ??= node.range?.[0];
      },
    });
    throw BriefdeckError.ofProblems([{ file, ...pos(first ?? 0), path: '', message: `YAML aliases (*name) expand too far: more than ${MAX_ALIASES} copies (an alias bomb?)` }]);
  }
  const surrogates = loneSurrogates(data, map);
  if (surrogates.length) throw BriefdeckError.ofProblems(surrogates);
  return { data, map };
}

/** How many copies aliases may make of their anchors, in all: a document of 10 anchors used 9 times each nests to 10^9. */
const MAX_ALIASES = 100;

function syntaxMessage(code: string, message: string): string {
  // the library's own advice names its API ("use YAML.parseAllDocuments()"), which a user cannot act on
  if (code === 'MULTIPLE_DOCS') return 'YAML syntax: a second document (after `---`); a briefdeck file is one document';
  return `YAML syntax: ${message.split('\n')[0]!.trim().replace(/ at line \d+, column \d+:?$/, '').slice(0, 200)}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Escapes such as "\uD800" give half a surrogate pair, which no file can hold: UTF-8 would write U+FFFD. */
function loneSurrogates(data: unknown, map: SourceMap, path: PathSegment[] = [], out: Problem[] = []): Problem[] {
  if (typeof data === 'string') {
    const m = LONE_SURROGATE.exec(data);
    if (m) {
      const code = m[0].charCodeAt(0).toString(16).toUpperCase();
      out.push({ file: map.file, ...map.locate(path), path: formatPath(path), message: `"\\u${code}" is half of a surrogate pair, not a character; write the character itself, or both halves` });
    }
  } else if (Array.isArray(data)) data.forEach((v, i) => loneSurrogates(v, map, [...path, i], out));
  else if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      if (LONE_SURROGATE.test(k)) out.push({ file: map.file, ...map.locate([...path, k], true), path: formatPath([...path, k]), message: 'this key holds half of a surrogate pair, not a character' });
      loneSurrogates(v, map, [...path, k], out);
    }
  }
  return out;
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

/** What a value is, in the user's terms: `true`, a list, a mapping… */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'boolean') return `${value} (write "${value}" in quotes for the text)`;
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
        } else if (typeof value === 'number' && issue.expected === 'number') {
          problems.push({ ...at(path), message: Number.isNaN(value) ? 'expected a number, got .nan' : 'is too large a number to use (it reads as infinity)' });
        } else {
          problems.push({ ...at(path), message: `expected ${expected}, got ${describe(value)}` });
        }
      } else if (issue.code === 'too_small' || issue.code === 'too_big') {
        const value = valueAt(data, path);
        const small = issue.code === 'too_small';
        const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
        let message = issue.message;
        if (!/^Too (small|big)/.test(issue.message)) message = issue.message; // a message of the schema's own
        else if (issue.origin === 'string') message = small && bound <= 1 ? 'must not be empty' : `must be ${small ? 'at least' : 'at most'} ${plural(bound, 'character')}`;
        else if (issue.origin === 'array') message = `needs ${small ? 'at least' : 'at most'} ${plural(bound, 'item')}`;
        else if (issue.origin === 'number') message = `must be ${small ? 'at least' : 'at most'} ${bound}, got ${String(value)}`;
        problems.push({ ...at(path), message });
      } else if (issue.code === 'invalid_union') {
        // a union's own message says what it takes; say what it got
        problems.push({ ...at(path), message: `${issue.message}, got ${describe(valueAt(data, path))}` });
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
