import type { JobResult } from '../batch/job.js';
import type { BatchReport } from '../batch/run.js';
import { formatLocation, type Warning } from '../base/errors.js';
import type { CliIO } from './io.js';

export function formatWarning(w: Warning): string {
  return `${w.location ? `${formatLocation(w.location)}: ` : ''}warning: ${w.message}`;
}

function line(r: JobResult): string {
  const what = r.meeting ? `${r.output} (meeting "${r.meeting}")` : r.output || r.input;
  if (r.status === 'built') return `built ${r.output} (${r.slides} slides${r.warnings.length ? `, ${r.warnings.length} warning(s)` : ''})`;
  if (r.status === 'skipped') return `skipped ${what}: unchanged`;
  return `failed ${what}`;
}

/** Per-deck output: a progress bar on a terminal, else one plain line per deck, in plan order. */
export interface Reporter {
  plan(ids: number[]): void;
  result(r: JobResult): void;
  end(report: BatchReport): void;
}

export async function createReporter(io: CliIO, opts: { tty: boolean; verbose: boolean; debug?: boolean }): Promise<Reporter> {
  const details = (r: JobResult) => {
    if (r.error) io.err(r.error.code === 'INTERNAL' || r.error.problems ? r.error.display : `error: ${r.error.display}`);
    if (r.error?.code === 'INTERNAL') io.err(opts.debug && r.error.stack ? r.error.stack : 'run again with --debug for the stack trace, and report it as a bug');
    for (const w of r.warnings) io.err(formatWarning(w));
  };
  if (opts.tty) {
    const { SingleBar, Presets } = await import('cli-progress');
    const bar = new SingleBar({ format: 'building {bar} {value}/{total} decks | {eta_formatted} left | {last}', hideCursor: true, clearOnComplete: true, stream: process.stderr }, Presets.shades_classic);
    const failed: JobResult[] = [];
    return {
      plan: (ids) => bar.start(ids.length, 0, { last: '' }),
      result: (r) => {
        if (r.status === 'failed') failed.push(r);
        bar.increment({ last: r.output || r.input });
      },
      end: (report) => {
        bar.stop();
        for (const r of report.decks) if (r.status !== 'skipped' && (r.status === 'failed' || opts.verbose || r.warnings.length)) {
          io.out(line(r));
          details(r);
        }
      },
    };
  }
  // plain: print each deck once all before it are done, so the log reads the same however workers finish
  let order: number[] = [];
  const ready = new Map<number, JobResult>();
  let next = 0;
  return {
    plan: (ids) => {
      order = ids;
    },
    result: (r) => {
      ready.set(r.id, r);
      while (next < order.length && ready.has(order[next]!)) {
        const d = ready.get(order[next++]!)!;
        io.out(line(d));
        details(d);
      }
    },
    end: () => {},
  };
}

export function summary(report: BatchReport): string[] {
  const s = report.summary;
  const out = [`${s.built} built, ${s.skipped} skipped, ${s.failed} failed (${s.total} decks in ${(s.ms / 1000).toFixed(1)} s)${report.shard ? `, shard ${report.shard}` : ''}`];
  for (const r of report.decks.filter((d) => d.status === 'failed')) {
    out.push(`  failed: ${r.meeting ? `meeting "${r.meeting}" → ` : ''}${r.output || r.input}: ${r.error?.display.split('\n')[0] ?? 'unknown error'}`);
  }
  return out;
}
