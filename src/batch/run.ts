import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BriefdeckError } from '../base/errors.js';
import { version } from '../base/version.js';
import { BuildSession, resolveOptions, type ResolvedOptions } from '../session.js';
import { BuildCache } from './cache.js';
import { failedResult, runJob, type JobResult } from './job.js';
import { planBuild, shard, type Job } from './plan.js';

export interface BatchOptions {
  /** Output folder; default `out`. */
  outDir?: string;
  /** `-t` for every deck (a manifest's own template is overridden by it). */
  template?: string;
  /** Worker threads; default: one per core. 1 builds in this thread. */
  jobs?: number;
  /** Rebuild even what the cache says is unchanged. */
  force?: boolean;
  shard?: { k: number; n: number };
  /** Default: the SOURCE_DATE_EPOCH variable. */
  sourceDateEpoch?: string;
  /** Called as each deck finishes, in completion order. */
  onResult?: (r: JobResult, done: number, total: number) => void;
  /** Called once the plan is known, with the deck ids in report order. */
  onPlan?: (ids: number[]) => void;
  /** A warm session to build in on this thread (watch keeps one); its options must be the batch's. */
  session?: BuildSession;
}

export interface BatchReport {
  briefdeck: string;
  outDir: string;
  shard: string | null;
  summary: { built: number; skipped: number; failed: number; total: number; ms: number };
  /** In plan order, whatever order the workers finished in. */
  decks: JobResult[];
}

// Workers run compiled JavaScript, the same build as this thread: from the CLI bundle, the worker bundle
// with its code cache (scripts/bundle.mjs); from dist/batch/, its worker.js; from src/ (tests), dist's.
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.cjs')) return join(dirname(here), 'worker-entry.cjs');
  return resolve(dirname(here), here.endsWith('.ts') ? '../../dist/batch/worker.js' : 'worker.js');
}

/** What a worker gets once: every job, and shared slots to claim them by, so it never waits on this thread. */
export interface PoolData {
  tasks: Job[];
  /** The batch's options, resolved once on the main thread. */
  options: ResolvedOptions;
  /** [0]: the next task to claim; [1 + builder]: the task that builder is on, or -1. */
  claims: Int32Array;
  slot: number;
}

const claim = (claims: Int32Array, count: number) => {
  const i = Atomics.add(claims, 0, 1);
  return i < count ? i : -1;
};

/**
 * Build the jobs claimed from `data` in one session, reporting each result; used by this thread
 * and by every worker, each with a session of its own.
 */
export async function drain(data: PoolData, done: (r: JobResult) => void, session = new BuildSession(data.options)): Promise<void> {
  for (let i = claim(data.claims, data.tasks.length); i >= 0; i = claim(data.claims, data.tasks.length)) {
    Atomics.store(data.claims, 1 + data.slot, i);
    done(await runJob(session, data.tasks[i]!));
    Atomics.store(data.claims, 1 + data.slot, -1);
  }
}

async function runPool(tasks: Job[], size: number, session: BuildSession, done: (r: JobResult) => void): Promise<void> {
  const workers = Math.min(size - 1, tasks.length);
  const claims = new Int32Array(new SharedArrayBuffer(4 * (2 + workers)));
  claims.fill(-1, 1);
  const data = (slot: number): PoolData => ({ tasks, claims, slot, options: session.options });
  const retry: Job[] = [];
  const pool = Array.from({ length: workers }, (_, w) =>
    new Promise<void>((settle) => {
      // a capped heap collects sooner: a 1,000-deck batch stays near 250 MiB instead of 350
      const worker = new Worker(workerFile(), { workerData: data(w + 1), resourceLimits: { maxOldGenerationSizeMb: 128 } });
      worker.on('message', (r: JobResult) => done(r));
      worker.on('error', (err) => {
        // a deck too big for a worker's heap is built again on this thread, which has no cap;
        // any other crash fails the deck. The other builders take the rest.
        const i = Atomics.exchange(claims, 2 + w, -1);
        const current = i >= 0 ? tasks[i] : undefined;
        if (current && (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') retry.push(current);
        else if (current) done(failedResult(current, err));
      });
      worker.on('exit', () => settle());
    }),
  );
  // this thread builds too, so a pool of N is this thread and N-1 workers: one fewer warm-up
  await drain(data(0), done, session);
  await Promise.all(pool);
  for (const t of retry) done(await runJob(session, t));
}

/** Build many decks: plan, shard, skip what is unchanged, build the rest in a worker pool. */
export async function buildBatch(inputs: readonly string[], opts: BatchOptions = {}): Promise<BatchReport> {
  const t0 = performance.now();
  const outDir = opts.outDir ?? 'out';
  const { jobs: planned, failures } = await planBuild(inputs, { outDir, ...(opts.template ? { template: opts.template } : {}) });
  if (planned.length === 0 && failures.length === 0) {
    throw new BriefdeckError('USAGE', `no content files in ${inputs.join(', ')}`, { hint: 'give YAML content files (with a top-level `deck:`) or meetings.yaml manifests' });
  }
  const jobs = opts.shard ? shard(planned, opts.shard.k, opts.shard.n) : planned;
  const total = jobs.length + failures.length;
  opts.onPlan?.([...failures.map((_, i) => -failures.length + i), ...jobs.map((j) => j.id)]);
  const results: JobResult[] = [];
  let count = 0;
  const finish = (r: JobResult) => {
    results.push(r);
    opts.onResult?.(r, ++count, total);
  };
  failures.forEach((f, i) => finish(failedResult({ id: -failures.length + i, input: f.input, output: '' }, f.error)));

  const options = resolveOptions({ outDir, ...(opts.template ? { template: opts.template } : {}), ...(opts.sourceDateEpoch !== undefined ? { sourceDateEpoch: opts.sourceDateEpoch } : {}) });
  const session = opts.session ?? new BuildSession(options);
  const cache = BuildCache.load(outDir, version());
  const keys = new Map<number, string>();
  const tasks: Job[] = [];
  for (const job of jobs) {
    let templatesHash: string;
    try {
      templatesHash = session.templateRoots(job.input, job.template).hash;
    } catch (err) {
      finish(failedResult(job, err));
      continue;
    }
    const key = cache.key(job, templatesHash, options.sourceDateEpoch);
    keys.set(job.id, key);
    if (!opts.force && cache.fresh(job, key)) {
      finish({ id: job.id, input: job.input, output: job.output, ...(job.from ? { meeting: job.from.name } : {}), status: 'skipped', warnings: [], ms: 0 });
    } else tasks.push(job);
  }
  const size = Math.max(1, Math.min(opts.jobs ?? availableParallelism(), tasks.length));
  const byId = new Map(jobs.map((j) => [j.id, j]));
  await runPool(tasks, size, session, (r) => {
    const job = byId.get(r.id);
    if (job) cache.record(job, keys.get(r.id)!, r);
    finish(r);
  });
  await cache.save();
  results.sort((a, b) => a.id - b.id);
  const n = (s: JobResult['status']) => results.filter((r) => r.status === s).length;
  return {
    briefdeck: version(),
    outDir,
    shard: opts.shard ? `${opts.shard.k}/${opts.shard.n}` : null,
    summary: { built: n('built'), skipped: n('skipped'), failed: n('failed'), total: results.length, ms: Math.round(performance.now() - t0) },
    decks: results,
  };
}
