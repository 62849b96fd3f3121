import { formatLocation, toErrorRecord, type ErrorRecord, type Warning } from '../base/errors.js';
import type { BuildSession } from '../session.js';
import { deckJob, type Job } from './plan.js';

export interface JobResult {
  id: number;
  input: string;
  output: string;
  /** The manifest meeting, when the deck came from one. */
  meeting?: string;
  /** Where that meeting is written: `meetings.yaml:5:5`. */
  meetingAt?: string;
  status: 'built' | 'skipped' | 'failed';
  slides?: number;
  /** A skipped deck's are those of the build that made it. */
  warnings: Warning[];
  /** Kind, location and display text, as plain data: results cross the worker boundary. */
  error?: ErrorRecord;
  ms: number;
  /** Images the deck used, for the incremental-build cache. */
  assets?: string[];
  outputHash?: string;
}

/** The fields every result of a job shares. */
export function resultOf(job: Pick<Job, 'id' | 'input' | 'output' | 'from'>): Pick<JobResult, 'id' | 'input' | 'output' | 'meeting' | 'meetingAt'> {
  return { id: job.id, input: job.input, output: job.output, ...(job.from ? { meeting: job.from.name, meetingAt: formatLocation(job.from.location) } : {}) };
}

/** A result for a job that failed before or outside its build. */
export function failedResult(job: Pick<Job, 'id' | 'input' | 'output' | 'from'>, err: unknown, ms = 0): JobResult {
  return { ...resultOf(job), status: 'failed', warnings: [], error: toErrorRecord(err), ms };
}

/** Build one job in a session. Never throws; failures are results. */
export async function runJob(session: BuildSession, job: Job): Promise<JobResult> {
  const start = performance.now();
  try {
    const r = await session.build(deckJob(job));
    return { ...resultOf(job), status: 'built', slides: r.slides, warnings: r.warnings, ms: performance.now() - start, assets: r.assets, outputHash: r.outputHash };
  } catch (err) {
    return failedResult(job, err, performance.now() - start);
  }
}
