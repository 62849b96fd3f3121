import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { BriefdeckError } from '../base/errors.js';
import { fileHash } from '../base/hash.js';
import { collectGarbage } from './gc.js';
import { version } from '../base/version.js';
import { removeTempFilesOf } from '../base/write.js';
import { BuildSession, resolveOptions, type ResolvedOptions } from '../session.js';
import { BuildCache } from './cache.js';
import { failedResult, resultOf, runJob, type JobResult } from './job.js';
import { deckJob, planBuild, shard, type Job } from './plan.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

export interface BatchOptions {
  /** Output folder; default `out`. */
  outDir?: string;
  /** One output file instead of a folder (`-o deck.pptx`); the build must then plan exactly one deck. */
  outFile?: string;
  /** `-t` for every deck (a manifest's own template is overridden by it). */
  template?: string;
  /** `--reference`: an office template every deck is built on (a meeting's own wins). */
  reference?: string;
  /** Worker threads; default: one per core. */
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
  /**
   * Called as worker threads start to build, with a function that stops the batch; returns a
   * function that releases it. A CLI connects its SIGINT and SIGTERM here. Until then nothing is
   * written, so an interrupt can simply end the process.
   */
  interrupts?: (stop: (signal: StopSignal) => void) => () => void;
  /** A warm session to build in on this thread (watch keeps one); its options must be the batch's. */
  session?: BuildSession;
}

export interface BatchReport {
  briefdeck: string;
  outDir: string;
  shard: string | null;
  /** The signal that stopped the batch: the decks it did not reach are not in `decks`. */
  interrupted: StopSignal | null;
  /** `total` decks have results; `planned` were planned. */
  summary: { built: number; skipped: number; failed: number; total: number; planned: number; ms: number };
  /** In plan order, whatever order the workers finished in. */
  decks: JobResult[];
  /** Whether the incremental-build cache was used: only when more than one deck is planned. */
  cached: boolean;
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
  /** [0]: the next task to claim; [1 + slot]: the task that worker is on, or -1. */
  claims: Int32Array;
  slot: number;
  /** Where the worker posts each result. */
  port: MessagePort;
}

const claim = (claims: Int32Array, count: number) => {
  const i = Atomics.add(claims, 0, 1);
  return i < count ? i : -1;
};

/** Build the jobs claimed from `data` in one session, reporting each result: a worker's loop. */
export async function drain(data: Omit<PoolData, 'port'>, done: (r: JobResult) => void, session = new BuildSession(data.options, { collectGarbage })): Promise<void> {
  for (let i = claim(data.claims, data.tasks.length); i >= 0; i = claim(data.claims, data.tasks.length)) {
    Atomics.store(data.claims, 1 + data.slot, i);
    done(await runJob(session, data.tasks[i]!));
    Atomics.store(data.claims, 1 + data.slot, -1);
  }
}

/** No more claims: every index from here on is past the end. */
const CLOSED = 0x3fffffff;

/**
 * Build `tasks` in `size` worker threads; this thread only hands out results, so they stream as
 * each deck finishes and an interrupt is handled at once. `stopper` receives the function that
 * ends the pool: no task is claimed after it, running workers are terminated, and the temp files
 * they were writing are removed; results already posted are still delivered.
 */
async function runPool(tasks: Job[], size: number, options: ResolvedOptions, done: (r: JobResult) => void, stopper: (stop: () => void) => void): Promise<{ stopped: boolean }> {
  const claims = new Int32Array(new SharedArrayBuffer(4 * (1 + size)));
  claims.fill(-1, 1);
  const workers: Worker[] = [];
  const reported = new Set<number>();
  let crash: Error | undefined;
  let stopped = false;
  const report = (r: JobResult) => {
    reported.add(r.id);
    done(r);
  };
  const finished = Array.from({ length: size }, (_, slot) => {
    const { port1, port2 } = new MessageChannel();
    const data: PoolData = { tasks, options, claims, slot, port: port2 };
    const worker = new Worker(workerFile(), {
      workerData: data,
      transferList: [port2],
      // no resourceLimits: a worker given a heap limit spends far more CPU time collecting (most of
      // it on V8's helper threads, which -j 1 gets for free on the other core and -j 2 does not),
      // for a smaller peak; the pool is for speed
    });
    workers.push(worker);
    port1.on('message', (r: JobResult) => report(r));
    return new Promise<void>((settle) => {
      worker.on('error', (err) => {
        // a crash (running out of memory included) fails the deck; the other workers take the rest
        const i = Atomics.exchange(claims, 1 + slot, -1);
        const current = i >= 0 ? tasks[i] : undefined;
        crash = err;
        if (current) report(failedResult(current, err));
      });
      worker.on('exit', () => {
        // results posted just before the worker ended may not have been delivered yet
        for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) report(m.message as JobResult);
        port1.close();
        settle();
      });
    });
  });
  stopper(() => {
    if (stopped) return;
    stopped = true;
    Atomics.store(claims, 0, CLOSED);
    for (const w of workers) void w.terminate();
  });
  await Promise.all(finished);
  // workers that all failed to start (a missing bundle, say) leave decks nobody built: each fails, saying why
  if (!stopped) for (const t of tasks) if (!reported.has(t.id)) report(failedResult(t, crash ?? new Error('a worker thread ended without building this deck')));
  if (stopped) {
    // a worker ended between writing its temp file and renaming it leaves the file behind
    for (let slot = 0; slot < size; slot++) {
      const i = claims[1 + slot]!;
      if (i >= 0) removeTempFilesOf(tasks[i]!.output);
    }
  }
  return { stopped };
}

/**
 * Build many decks: plan, shard, skip what is unchanged, build the rest. One deck is built on this
 * thread; more go to a pool of worker threads while this thread reports their results.
 */
export async function buildBatch(inputs: readonly string[], opts: BatchOptions = {}): Promise<BatchReport> {
  const t0 = performance.now();
  const outDir = opts.outFile ? dirname(opts.outFile) : (opts.outDir ?? 'out');
  const { jobs: planned, failures } = await planBuild(inputs, { outDir, ...(opts.outFile ? { outFile: opts.outFile } : {}), ...(opts.template ? { template: opts.template } : {}), ...(opts.reference ? { reference: resolve(opts.reference) } : {}) });
  if (planned.length === 0 && failures.length === 0) {
    throw new BriefdeckError('USAGE', `no content files in ${inputs.join(', ')}`, { hint: 'give YAML content files, with a top-level `deck:`, or meetings.yaml manifests' });
  }
  const jobs = opts.shard ? shard(planned, opts.shard.k, opts.shard.n) : planned;
  const total = jobs.length + failures.length;
  // options first: a bad SOURCE_DATE_EPOCH fails the build before any deck does
  const options = resolveOptions({ outDir, ...(opts.template ? { template: opts.template } : {}), ...(opts.sourceDateEpoch !== undefined ? { sourceDateEpoch: opts.sourceDateEpoch } : {}) });
  opts.onPlan?.([...failures.map((_, i) => -failures.length + i), ...jobs.map((j) => j.id)]);
  const results: JobResult[] = [];
  let count = 0;
  const finish = (r: JobResult) => {
    results.push(r);
    opts.onResult?.(r, ++count, total);
  };
  failures.forEach((f, i) => finish(failedResult({ id: -failures.length + i, input: f.input, output: '' }, f.error)));

  const session = opts.session ?? new BuildSession(options, { collectGarbage });
  // one deck is simply built: the cache, which lets a batch skip what is unchanged, is for batches
  const cached = total > 1;
  const cache = cached ? BuildCache.load(outDir, version()) : undefined;
  const keys = new Map<number, string>();
  const tasks: Job[] = [];
  // a deck's roots depend on its folder and its template only: the decks of one folder (a
  // manifest's meetings, a folder of content files) share one look at the template files
  const rootsOf = new Map<string, { hash: string } | { error: unknown }>();
  // a manifest's meetings share one reference: hashed once for the batch
  const referenceHash = new Map<string, string>();
  for (const job of jobs) {
    const folder = `${dirname(resolve(job.input))}\u0000${job.template ?? '\u0000'}`;
    let roots = rootsOf.get(folder);
    if (!roots) {
      try {
        roots = { hash: session.templateRoots(job.input, job.template).hash };
      } catch (error) {
        roots = { error };
      }
      rootsOf.set(folder, roots);
    }
    if ('error' in roots) {
      finish(failedResult(job, roots.error));
      continue;
    }
    // a reference is part of what a deck depends on: its bytes' hash joins the templates'; one a
    // manifest names outside its folder is refused before it is read
    let reference: string | undefined;
    try {
      reference = session.jobReference(deckJob(job));
    } catch (error) {
      finish(failedResult(job, error));
      continue;
    }
    if (reference && !referenceHash.has(reference)) referenceHash.set(reference, fileHash(reference) ?? '');
    const templatesHash = roots.hash + (reference ? `\u0000${referenceHash.get(reference)}` : '');
    if (!cache) {
      tasks.push(job);
      continue;
    }
    const key = cache.key(job, templatesHash, options.sourceDateEpoch);
    keys.set(job.id, key);
    const fresh = opts.force ? undefined : cache.fresh(job, key);
    if (fresh) finish({ ...resultOf(job), status: 'skipped', ...fresh, ms: 0 });
    else tasks.push(job);
  }
  const byId = new Map(jobs.map((j) => [j.id, j]));
  let built = 0;
  const record = (r: JobResult) => {
    const job = byId.get(r.id);
    if (job && cache) cache.record(job, keys.get(r.id)!, r);
    if (r.status === 'built') built++;
    finish(r);
  };
  let interrupted: StopSignal | null = null;
  let release: (() => void) | undefined;
  try {
    if (tasks.length === 1) {
      // on this thread, with no worker to start; an interrupt meanwhile ends the process, which has
      // written nothing yet (the CLI handles interrupts during the write itself)
      record(await runJob(session, tasks[0]!));
    } else if (tasks.length > 1) {
      let stopPool: (() => void) | undefined;
      release = opts.interrupts?.((signal) => {
        interrupted ??= signal;
        stopPool?.();
      });
      const size = Math.max(1, Math.min(opts.jobs ?? availableParallelism(), tasks.length));
      await runPool(tasks, size, options, record, (stop) => (stopPool = stop));
    }
    // the cache records what was built, interrupted or not; a build that made nothing creates no file
    if (cache && (built > 0 || cache.exists)) await cache.save();
  } finally {
    release?.();
  }
  results.sort((a, b) => a.id - b.id);
  const n = (s: JobResult['status']) => results.filter((r) => r.status === s).length;
  return {
    briefdeck: version(),
    outDir,
    shard: opts.shard ? `${opts.shard.k}/${opts.shard.n}` : null,
    interrupted,
    summary: { built: n('built'), skipped: n('skipped'), failed: n('failed'), total: results.length, planned: total, ms: Math.round(performance.now() - t0) },
    decks: results,
    cached,
  };
}
