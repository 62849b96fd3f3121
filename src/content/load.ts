import { closeSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { BriefdeckError } from '../base/errors.js';
import { displayPath } from '../base/paths.js';
import { decodeText, isUtf16 } from '../base/yaml.js';
import { parseContent, type ParsedContent } from './parse.js';

/** How much of a file tells whether it is text: a binary file has a NUL byte long before this. */
const PREFIX = 8192;

// `shown` is the path as the user gave it, for messages; `file` may be it resolved against a session's folder
const notText = (shown: string) =>
  new BriefdeckError('CONTENT_READ', 'is not a text file', { location: { file: displayPath(shown) }, hint: 'give a YAML content file or a meetings.yaml manifest' });

function readError(shown: string, err: unknown): BriefdeckError {
  const code = (err as NodeJS.ErrnoException).code;
  return new BriefdeckError('CONTENT_READ', code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(err)})`, {
    location: { file: displayPath(shown) },
    cause: err,
    ...(code === 'ENOENT' ? { hint: 'check the path' } : {}),
  });
}

/** Whether the first bytes of a file look like text: no NUL byte, or UTF-16 (which has them, and is refused by name). */
export function looksLikeText(prefix: Uint8Array): boolean {
  return !prefix.includes(0) || isUtf16(prefix);
}

/** The first bytes of a file, to tell text from binary before reading all of it. */
export function readPrefix(file: string, length = PREFIX, shown = file): Uint8Array {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(length);
    const n = readSync(fd, buf, 0, length, 0);
    return buf.subarray(0, n);
  } catch (err) {
    throw readError(shown, err);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A content file's bytes; a binary file is refused from its first bytes, before the rest is read.
 * Messages name `shown`, the path as given, when `file` is that path resolved.
 */
export async function readContentFile(file: string, shown = file): Promise<Buffer> {
  if (!looksLikeText(readPrefix(file, PREFIX, shown))) throw notText(shown);
  try {
    return await readFile(file);
  } catch (err) {
    throw readError(shown, err);
  }
}

/** Parse and validate a content file's bytes: UTF-8 only (see decodeText). */
export function parseContentFile(file: string, bytes: Uint8Array): ParsedContent {
  const source = decodeText(bytes, displayPath(file));
  if (source.includes('\u0000')) throw notText(file);
  return parseContent(source, displayPath(file));
}

/** Read and validate a content file. */
export async function loadContent(file: string): Promise<ParsedContent> {
  return parseContentFile(file, await readContentFile(file));
}
