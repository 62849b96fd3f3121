/**
 * `briefdeck build --watch`: build, then build again on every save in one warm session, one line
 * per rebuild. Unchanged decks of a manifest are skipped by the build cache, as in any build.
 */
import { resolve } from 'node:path';
import { coalescing } from '../base/coalesce.js';
import { buildBatch, type BatchOptions, type BatchReport } from '../batch/run.js';
import { planBuild } from '../batch/plan.js';
import { BuildSession, resolveOptions } from '../session.js';
import { FileWatcher } from '../preview/watcher.js';

export interface WatchOptions {
  outDir: string;
  template?: string;
  /** `--reference`: an office template to build on. */
  reference?: string;
  jobs?: number;
  /** After each build, write PDFs of the decks it built. */
  afterBuild?: (report: BatchReport) => Promise<void>;
}

const clock = () => new Date().toTimeString().slice(0, 8);

/** One line for a rebuild: the deck, or the counts, or the first error. */
export function rebuildLine(report: BatchReport): string {
  const s = report.summary;
  const failed = report.decks.filter((d) => d.status === 'failed');
  if (failed.length) {
    const first = failed[0]!.error?.display.split('\n') ?? ['unknown error'];
    const more = failed.length - 1 + (first.length - 1);
    return `[${clock()}] failed: ${first[0]}${more > 0 ? ` (+${more} more)` : ''}`;
  }
  const built = report.decks.filter((d) => d.status === 'built');
  if (built.length === 1 && s.total === 1) return `[${clock()}] built ${built[0]!.output} (${built[0]!.slides} slides) in ${s.ms} ms`;
  return `[${clock()}] ${s.built} built, ${s.skipped} unchanged, ${s.failed} failed in ${s.ms} ms`;
}

/** Runs until `signal` aborts; every rebuild's line goes to `line`. */
export async function watchBuild(inputs: readonly string[], opts: WatchOptions, line: (l: string) => void, signal?: AbortSignal): Promise<void> {
  const session = new BuildSession(resolveOptions({ outDir: opts.outDir, ...(opts.template ? { template: opts.template } : {}), ...(opts.reference ? { reference: opts.reference } : {}) }));
  const batch: BatchOptions = { outDir: opts.outDir, ...(opts.template ? { template: opts.template } : {}), ...(opts.reference ? { reference: opts.reference } : {}), jobs: opts.jobs ?? 1, session };
  const dependencies = async (report: BatchReport): Promise<string[]> => {
    const deps = new Set(inputs.map((i) => resolve(i)));
    try {
      const { jobs } = await planBuild(inputs, { outDir: opts.outDir, ...(opts.template ? { template: opts.template } : {}), ...(opts.reference ? { reference: opts.reference } : {}) });
      for (const j of jobs) {
        try {
          for (const d of session.dependencies({ input: j.input, ...(j.template ? { template: j.template } : {}) })) deps.add(d);
        } catch {
          deps.add(resolve(j.input));
        }
      }
    } catch {
      // a broken manifest: its own file is watched, and fixing it plans again
    }
    for (const d of report.decks) for (const a of d.assets ?? []) deps.add(resolve(a));
    return [...deps];
  };

  const watcher = new FileWatcher(() => void rebuild(), 20);
  const watchedNow = () => watcher.paths();
  const once = async () => {
    session.filesChanged();
    let report: BatchReport;
    try {
      report = await buildBatch(inputs, batch);
    } catch (err) {
      watcher.set([...new Set([...watchedNow(), ...inputs.map((i) => resolve(i))])]);
      await watcher.ready();
      line(`[${clock()}] failed: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    // watching before the line is out: whoever reads it may save at once
    watcher.set(await dependencies(report));
    await watcher.ready();
    line(rebuildLine(report));
    if (opts.afterBuild) {
      try {
        await opts.afterBuild(report);
      } catch (err) {
        line(`[${clock()}] failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  const rebuild = coalescing(once);

  await rebuild();
  if (!signal) return new Promise(() => {});
  if (!signal.aborted) await new Promise<void>((ok) => signal.addEventListener('abort', () => ok(), { once: true }));
  await rebuild.idle();
  await watcher.close();
}
