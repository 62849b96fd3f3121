import { readFile } from 'node:fs/promises';
import { BriefdeckError } from '../errors.js';
import { parseContent, type ParsedContent } from './parse.js';
import { displayPath } from '../template/roots.js';

/** Read and validate a content file. */
export async function loadContent(file: string): Promise<ParsedContent> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new BriefdeckError('CONTENT_READ', code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(err)})`, {
      location: { file: displayPath(file) },
      cause: err,
      hint: code === 'ENOENT' ? 'check the path' : undefined,
    });
  }
  if (source.includes('\u0000')) {
    throw new BriefdeckError('CONTENT_READ', 'is not a text file', { location: { file: displayPath(file) }, hint: 'give a YAML content file or a meetings.yaml manifest' });
  }
  return parseContent(source.replace(/^\uFEFF/, ''), displayPath(file));
}
