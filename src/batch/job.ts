import { formatLocation, toErrorRecord, type ErrorRecord, type Warning } from '../base/errors.js';
import type { BuildSession } from '../session.js';
import type { Job } from './plan.js';

export interface JobResult {
  id: number;
  input: string;
  output: string;
  /** The manifest meeting, when the deck came from one. */
  meeting?: string;
  status: 'built' | 'skipped' | 'failed';
  slides?: number;
  warnings: Warning[];
  /** Kind, location and display text, as plain data: results cross the worker boundary. */
  error?: ErrorRecord;
  ms: number;
  /** Images the deck used, for the incremental-build cache. */
  assets?: string[];
  outputHash?: string;
}

/** A result for a job that failed before or outside its build. */
export function failedResult(job: Pick<Job, 'id' | 'input' | 'output' | 'from'>, err: unknown, ms = 0): JobResult {
  const error = toErrorRecord(err);
  // a content problem already names its file; anything else also names the meeting it was for
  if (job.from && !error.problems) error.display = `${error.display}\n  (for meeting "${job.from.name}" at ${formatLocation(job.from.location)})`;
  return { id: job.id, input: job.input, output: job.output, ...(job.from ? { meeting: job.from.name } : {}), status: 'failed', warnings: [], error, ms };
}

/** Build one job in a session. Never throws; failures are results. */
export async function runJob(session: BuildSession, job: Job): Promise<JobResult> {
  const start = performance.now();
  try {
    const r = await session.build({ input: job.input, output: job.output, ...(job.template ? { template: job.template } : {}), ...(job.overrides ? { overrides: job.overrides } : {}) });
    return {
      id: job.id,
      input: job.input,
      output: job.output,
      ...(job.from ? { meeting: job.from.name } : {}),
      status: 'built',
      slides: r.slides,
      warnings: r.warnings,
      ms: performance.now() - start,
      assets: r.assets,
      outputHash: r.outputHash,
    };
  } catch (err) {
    return failedResult(job, err, performance.now() - start);
  }
}
