import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadContent } from '../content/load.js';
import type { ParsedContent } from '../content/parse.js';
import { BriefdeckError, ContentError, exitCodeFor, formatLocation, type SourceLocation, type Warning } from '../errors.js';
import { renderDeck } from '../pipeline.js';
import { loadTemplateSet, type TemplateSet } from '../template/roots.js';
import { mergeTheme } from '../template/theme.js';
import { writeAtomic } from '../write.js';
import type { Job } from './plan.js';

export interface JobError {
  code: string;
  /** As the CLI prints it: `file:line:col: message`, one problem per line. */
  message: string;
  location?: SourceLocation;
  exitCode: number;
}

export interface JobResult {
  id: number;
  input: string;
  output: string;
  /** The manifest meeting, when the deck came from one. */
  meeting?: string;
  status: 'built' | 'skipped' | 'failed';
  slides?: number;
  warnings: Warning[];
  error?: JobError;
  ms: number;
  /** Images the deck used, for the incremental-build cache. */
  assets?: string[];
  outputHash?: string;
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export function toJobError(err: unknown): JobError {
  if (err instanceof BriefdeckError) {
    return { code: err.code, message: err.format(), ...(err.location ? { location: err.location } : {}), exitCode: exitCodeFor(err) };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return { code: 'INTERNAL', message: `internal error: ${e.stack ?? e.message}`, exitCode: exitCodeFor(err) };
}

/** Parsed content by file hash: the meetings of a manifest share one content file. */
const contents = new Map<string, ParsedContent>();

async function cachedContent(file: string): Promise<ParsedContent> {
  const hash = fileHash(file);
  const hit = hash ? contents.get(`${file}\u0000${hash}`) : undefined;
  // a fresh model object each time: overrides replace its `deck` and `theme`, never the cached ones
  if (hit) return { ...hit, model: { ...hit.model } };
  const parsed = await loadContent(file);
  if (hash) {
    if (contents.size >= 64) contents.clear();
    contents.set(`${file}\u0000${hash}`, parsed);
  }
  return { ...parsed, model: { ...parsed.model } };
}

/** Template sets by the hash of their files: a batch loads each once, and a changed file is a new set. */
const sets = new Map<string, TemplateSet>();

function templateSet(job: Job, templatesHash: string | undefined): TemplateSet {
  const key = `${templatesHash ?? ''}\u0000${job.template ?? ''}\u0000${dirname(job.input)}`;
  let set = templatesHash ? sets.get(key) : undefined;
  if (!set) {
    set = loadTemplateSet({ contentFile: job.input, ...(job.template ? { template: job.template } : {}) });
    if (templatesHash) sets.set(key, set);
  }
  return set;
}

/** Build one job: content, overrides, templates, render, write. Never throws; failures are results. */
export async function runJob(job: Job, opts: { sourceDateEpoch?: string; templatesHash?: string } = {}): Promise<JobResult> {
  const start = performance.now();
  const base = { id: job.id, input: job.input, output: job.output, ...(job.from ? { meeting: job.from.name } : {}) };
  try {
    const content = await cachedContent(job.input);
    if (job.overrides?.deck) content.model.deck = { ...content.model.deck, ...job.overrides.deck };
    if (job.overrides?.theme) content.model.theme = mergeTheme(content.model.theme ?? {}, job.overrides.theme);
    const set = templateSet(job, opts.templatesHash);
    const r = await renderDeck(content, set, opts.sourceDateEpoch === undefined ? {} : { sourceDateEpoch: opts.sourceDateEpoch });
    await writeAtomic(job.output, r.buffer);
    const assets = [...new Set(r.fitted.slides.flatMap((s) => s.nodes.flatMap((n) => (n.kind === 'image' ? [n.src] : []))))].sort();
    return { ...base, status: 'built', slides: r.fitted.slides.length, warnings: r.warnings, ms: performance.now() - start, assets, outputHash: sha256(r.buffer) };
  } catch (err) {
    const error = toJobError(err);
    if (job.from && !(err instanceof ContentError)) error.message = `${error.message}\n  (for meeting "${job.from.name}" at ${formatLocation(job.from.location)})`;
    return { ...base, status: 'failed', warnings: [], error, ms: performance.now() - start };
  }
}

export function fileHash(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined;
  }
}
