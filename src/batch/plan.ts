import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { decodeText, isManifest, isUtf16, looksLikeText, meetingDecks, readPrefix, type Overrides } from '../api/content.js';
import { BriefdeckError, type SourceLocation } from '../base/errors.js';
import { displayPath, realInside, realOr } from '../base/paths.js';
import { editDistance } from '../base/suggest.js';
import { outputPath, type DeckJob, type ReferenceNamed } from '../session.js';

/** One deck to build. */
export interface Job {
  /** Position in the plan: the order of results and of the report. */
  id: number;
  /** The content file. */
  input: string;
  output: string;
  template?: string;
  /** An office template to build on: the meeting's, else --reference, else the manifest's. */
  reference?: string;
  /** Where and how the manifest names it (a reference from --reference has no place). */
  referenceNamed?: ReferenceNamed;
  /** Per-meeting values merged over the content. */
  overrides?: Overrides;
  /** The manifest entry this came from, for messages and the cache. */
  from?: { manifest: string; index: number; name: string; location: SourceLocation };
}

/** A planned deck that cannot be built at all (a bad manifest), reported like a failed build. */
export interface PlanFailure {
  input: string;
  error: BriefdeckError;
}

const GLOB = /[*?[\]{}]/;
/**
 * A file's text, leniently decoded, to tell content from manifests; undefined when it is missing or
 * binary. Building or validating the file gives any error, with its location.
 */
function textOf(file: string): string | undefined {
  try {
    const prefix = readPrefix(file);
    if (!looksLikeText(prefix)) return undefined;
    // UTF-16 is read as such here, so a folder's UTF-16 file is found and then refused by name
    return readFileSync(file, isUtf16(prefix) ? 'utf16le' : 'utf8');
  } catch {
    return undefined;
  }
}

/** Keys at the top of a YAML text: at the start of a line, or anywhere in a file in flow or JSON style ("{"). */
const topKeys = (text: string) => {
  const flow = text.trimStart().startsWith('{');
  return [...text.matchAll(flow ? /(?:^|[{,])\s*["']?([A-Za-z_][\w-]*)["']?\s*:/gm : /^["']?([A-Za-z_][\w-]*)["']?\s*:/gm)].map((m) => m[1]!);
};

/**
 * Content or a manifest, to build from a folder: a top-level `deck:` or `meetings:`, in block, flow
 * or JSON style, or a key one typo from them (`dek:`), so that the typo is reported where it is
 * rather than the file skipped in silence. Other YAML (CI files, data) is left alone.
 */
const looksLikeContent = (file: string) => {
  const text = textOf(file);
  if (text === undefined) return false;
  if (/^deck\s*:/m.test(text) || isManifest(text)) return true;
  return topKeys(text).some((k) => editDistance(k.toLowerCase(), 'deck') <= 1 || editDistance(k.toLowerCase(), 'meetings') <= 2);
};

/**
 * A file a folder scan or a glob found, unless it is a symbolic link out of `folder`: then a
 * failure naming it, and the file is not read. Files named one by one are the user's to choose.
 */
function found(file: string, folder: string, refused: PlanFailure[]): boolean {
  if (realInside(file, folder)) return true;
  const real = realOr(file);
  const input = displayPath(resolve(file));
  refused.push({
    input,
    error: new BriefdeckError('CONTENT_INVALID', `is a symbolic link to ${displayPath(real)}, outside ${displayPath(resolve(folder)) || '.'}; it was not read`, {
      location: { file: input },
      hint: 'name the file itself to build it, or copy it into the folder',
    }),
  });
  return false;
}

/** Files to consider for a folder: YAML content and manifests, not themes, configs or template folders; links out of it refused. */
async function folderFiles(dir: string, refused: PlanFailure[]): Promise<string[]> {
  // loaded only for folders and globs: a build of named files starts sooner
  const { glob } = await import('tinyglobby');
  // linked folders are not walked: what is built from a folder lies in it
  const files = await glob(['**/*.yaml', '**/*.yml'], { cwd: dir, ignore: ['**/templates/**', '**/node_modules/**', '**/theme.yaml', '**/briefdeck.config.yaml'], absolute: false, followSymbolicLinks: false });
  return files
    .sort()
    .map((f) => join(dir, f))
    .filter((f) => found(f, dir, refused))
    .filter(looksLikeContent);
}

/**
 * Expand files, folders and globs into jobs; manifests become one job per meeting. Content files a
 * manifest in the same run uses are not also built on their own.
 */
export async function planBuild(inputs: readonly string[], opts: { outDir: string; outFile?: string; template?: string; reference?: string }): Promise<{ jobs: Job[]; failures: PlanFailure[] }> {
  const files: string[] = [];
  const failures: PlanFailure[] = [];
  for (const input of inputs) {
    if (GLOB.test(input)) {
      const { glob } = await import('tinyglobby');
      const matched = (await glob(input, { absolute: false })).sort();
      if (matched.length === 0) throw new BriefdeckError('USAGE', `no files match "${input}"`);
      files.push(...matched.filter((f) => /\.ya?ml$/i.test(f) && found(f, dirname(f), failures)));
    } else if (existsSync(input) && statSync(input).isDirectory()) {
      files.push(...(await folderFiles(input, failures)));
    } else files.push(input);
  }
  const unique = [...new Set(files.map((f) => resolve(f)))];
  // jobs in input order; a manifest's meetings stand where the manifest stands
  const slots: (Omit<Job, 'id'> | { standalone: string })[] = [];
  const usedByManifest = new Set<string>();
  for (const abs of unique) {
    const file = displayPath(abs);
    const source = textOf(abs);
    if (source === undefined || !isManifest(source)) {
      slots.push({ standalone: abs });
      continue;
    }
    try {
      // decoded strictly now that it is known to be a manifest: a Latin-1 byte is an error at its place
      for (const { name, index, location, ...deck } of meetingDecks(file, decodeText(readFileSync(abs), file), opts)) {
        usedByManifest.add(resolve(deck.input));
        slots.push({ ...deck, output: join(opts.outDir, `${name}.pptx`), from: { manifest: file, index, name, location } });
      }
    } catch (err) {
      if (err instanceof BriefdeckError) failures.push({ input: file, error: err });
      else throw err;
    }
  }
  const jobs: Omit<Job, 'id'>[] = [];
  for (const s of slots) {
    if (!('standalone' in s)) {
      jobs.push(s);
      continue;
    }
    const abs = s.standalone;
    if (usedByManifest.has(abs) && !inputs.some((i) => resolve(i) === abs)) continue;
    const file = displayPath(abs);
    jobs.push({ input: file, output: outputPath(file, opts.outDir), ...(opts.template ? { template: opts.template } : {}), ...(opts.reference ? { reference: opts.reference } : {}) });
  }
  if (opts.outFile) {
    // -o deck.pptx names the one deck's file; several decks need a folder
    if (jobs.length + failures.length > 1) {
      throw new BriefdeckError('USAGE', `-o ${opts.outFile} names one file, but this build makes ${jobs.length + failures.length} decks`, { hint: 'give -o a folder' });
    }
    for (const j of jobs) j.output = opts.outFile;
  }
  // two jobs may not write one file, nor two files that differ only in case (one file on macOS and Windows)
  const seen = new Map<string, { who: string; output: string }>();
  const kept: Omit<Job, 'id'>[] = [];
  for (const j of jobs) {
    const key = resolve(j.output).toLowerCase();
    const other = seen.get(key);
    const who = j.from ? `${j.from.manifest} meeting "${j.from.name}"` : j.input;
    if (other) {
      // the failure is reported under the manifest or file, so the message starts with what clashes
      const clash =
        resolve(other.output) === resolve(j.output)
          ? `would overwrite ${displayPath(j.output)}, which ${other.who} writes`
          : `would write ${displayPath(j.output)}, which differs only in case from ${displayPath(other.output)}, which ${other.who} writes: one file on macOS and Windows`;
      failures.push({
        input: j.from ? j.from.manifest : j.input,
        error: new BriefdeckError('USAGE', j.from ? `meeting "${j.from.name}" ${clash}` : clash, { ...(j.from ? { location: j.from.location } : {}), hint: j.from ? 'give the meeting another name' : 'rename one of the files' }),
      });
      continue;
    }
    seen.set(key, { who, output: j.output });
    kept.push(j);
  }
  return { jobs: kept.map((j, id) => ({ ...j, id })), failures };
}

/** `K/N`: the K-th of N parts, by output path, so every machine agrees on the split. */
export function parseShard(spec: string): { k: number; n: number } {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || k < 1 || k > n) throw new BriefdeckError('USAGE', `--shard takes K/N with 1 ≤ K ≤ N, got "${spec}"`);
  return { k, n };
}

export function shard<T extends { output: string }>(jobs: readonly T[], k: number, n: number): T[] {
  const order = [...jobs].sort((a, b) => (relative('.', a.output) < relative('.', b.output) ? -1 : 1));
  const mine = new Set(order.filter((_, i) => i % n === k - 1));
  return jobs.filter((j) => mine.has(j));
}

/** What the session builds for a job: every field that varies the deck, one way for build and validate. */
export function deckJob(job: Job): DeckJob {
  return {
    input: job.input,
    output: job.output,
    ...(job.template ? { template: job.template } : {}),
    ...(job.reference ? { reference: job.reference } : {}),
    ...(job.referenceNamed ? { referenceNamed: job.referenceNamed } : {}),
    ...(job.overrides ? { overrides: job.overrides } : {}),
  };
}
