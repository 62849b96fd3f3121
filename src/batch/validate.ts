import { BriefdeckError, formatLocation, toErrorRecord, type ErrorRecord, type Warning } from '../base/errors.js';
import { BuildSession } from '../session.js';
import { deckJob, planBuild } from './plan.js';

/** One deck `validate` checked: a content file, or one meeting of a manifest. */
export interface ValidateResult {
  /** `data/visit.yaml`, or `data/meetings.yaml meeting "principal"`. */
  name: string;
  /** The meeting and where it is written, for a manifest's deck. */
  meeting?: string;
  meetingAt?: string;
  error?: ErrorRecord;
  warnings: Warning[];
}

/**
 * Check what `build` would build, from the same inputs (files, folders, globs, manifests), without
 * rendering or writing anything: content, overrides, template sets, themes, logos, layout names.
 */
export async function validateInputs(inputs: readonly string[], opts: { template?: string } = {}): Promise<ValidateResult[]> {
  const { jobs, failures } = await planBuild(inputs, { outDir: 'out', ...(opts.template ? { template: opts.template } : {}) });
  if (jobs.length === 0 && failures.length === 0) {
    throw new BriefdeckError('USAGE', `no content files in ${inputs.join(', ')}`, { hint: 'give YAML content files, with a top-level `deck:`, or meetings.yaml manifests' });
  }
  const results: ValidateResult[] = failures.map((f) => ({ name: f.input, error: toErrorRecord(f.error), warnings: [] }));
  const session = BuildSession.create(opts.template ? { template: opts.template } : {});
  for (const job of jobs) {
    const name = job.from ? `${job.from.manifest} meeting "${job.from.name}"` : job.input;
    const from = job.from ? { meeting: job.from.name, meetingAt: formatLocation(job.from.location) } : {};
    try {
      const { warnings } = await session.validate(deckJob(job));
      results.push({ name, ...from, warnings });
    } catch (err) {
      results.push({ name, ...from, error: toErrorRecord(err), warnings: [] });
    }
  }
  return results;
}
