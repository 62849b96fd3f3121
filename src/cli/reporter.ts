import type { JobResult } from '../batch/job.js';
import type { BatchReport } from '../batch/run.js';
import { formatLocation, type Warning } from '../base/errors.js';
import { plural } from '../base/words.js';
import type { CliIO } from './io.js';

export function formatWarning(w: Warning): string {
  return `${w.location ? `${formatLocation(w.location)}: ` : ''}warning: ${w.message}`;
}

/** Which deck a line is about: its output, and the meeting it came from (where, for a failure). */
function deckName(r: JobResult): string {
  const at = r.status === 'failed' && r.meetingAt ? `, ${r.meetingAt}` : '';
  return `${r.output || r.input}${r.meeting ? ` (meeting "${r.meeting}"${at})` : ''}`;
}

/**
 * A failed deck's error as lines, one per problem, without repeating what the deck's line says:
 * an error located at the output itself ("out/x.pptx: cannot write…") loses the path.
 */
function errorLines(r: JobResult): string[] {
  const display = r.error?.display ?? 'unknown error';
  const lines = display.split('\n');
  const own = r.output ? `${r.output}: ` : '';
  return lines.map((l) => (own && l.startsWith(own) ? l.slice(own.length) : l));
}

/** One deck's lines: the status, then a failure's further problems or the warnings, each on a line. */
export function deckLines(r: JobResult): { out: string; err: string[] } {
  const w = r.warnings.length;
  if (r.status === 'built') return { out: `built ${r.output} (${plural(r.slides ?? 0, 'slide')}${w ? `, ${plural(w, 'warning')}` : ''})`, err: r.warnings.map(formatWarning) };
  if (r.status === 'skipped') return { out: `skipped ${deckName(r)}: unchanged${w ? ` (${plural(w, 'warning')} when built)` : ''}`, err: [] };
  const [first, ...rest] = errorLines(r);
  return { out: `failed ${deckName(r)}: ${first}`, err: rest.map((l) => `  ${l}`) };
}

/** Per-deck output: a progress bar on a terminal, else one plain line per deck, in plan order, as decks finish. */
export interface Reporter {
  plan(ids: number[]): void;
  result(r: JobResult): void;
  /** The batch is over (or interrupted); restore the terminal and list what a bar hid. */
  end(report: BatchReport | undefined): void;
}

export async function createReporter(io: CliIO, opts: { tty: boolean; verbose: boolean; debug?: boolean }): Promise<Reporter> {
  const print = (r: JobResult) => {
    const { out, err } = deckLines(r);
    io.out(out);
    for (const l of err) io.err(l);
    if (r.error?.stack && opts.debug) io.err(r.error.stack);
  };
  if (opts.tty) {
    const { SingleBar, Presets } = await import('cli-progress');
    const bar = new SingleBar({ format: 'building {bar} {value}/{total} decks | {eta_formatted} left | {last}', hideCursor: true, clearOnComplete: true, stream: process.stderr }, Presets.shades_classic);
    let started = false;
    return {
      plan: (ids) => {
        // one deck needs no bar
        if (ids.length > 1) {
          bar.start(ids.length, 0, { last: '' });
          started = true;
        }
      },
      result: (r) => {
        if (started) bar.increment({ last: r.output || r.input });
      },
      end: (report) => {
        if (started) bar.stop();
        started = false;
        for (const r of report?.decks ?? []) if (r.status === 'failed' || (r.status === 'built' && (opts.verbose || r.warnings.length))) print(r);
      },
    };
  }
  // plain: each deck is printed as soon as every deck before it in the plan is done, so the log
  // streams and reads the same however the workers finish
  let order: number[] = [];
  const ready = new Map<number, JobResult>();
  let next = 0;
  return {
    plan: (ids) => {
      order = ids;
    },
    result: (r) => {
      ready.set(r.id, r);
      while (next < order.length && ready.has(order[next]!)) print(ready.get(order[next++]!)!);
    },
    end: (report) => {
      // an interrupted batch: decks that finished after one that never will
      if (report?.interrupted) for (; next < order.length; next++) if (ready.has(order[next]!)) print(ready.get(order[next]!)!);
    },
  };
}

/** The last line of a batch: counts, time, and what an interrupt left undone. */
export function summary(report: BatchReport): string {
  const s = report.summary;
  const counts = `${s.built} built, ${s.skipped} skipped, ${s.failed} failed`;
  const time = `${(s.ms / 1000).toFixed(1)} s`;
  const shard = report.shard ? `, shard ${report.shard}` : '';
  if (report.interrupted) {
    return `interrupted (${report.interrupted}): ${counts} of ${plural(s.planned, 'deck')} in ${time}${shard}; ${plural(s.planned - s.total, 'deck')} not built`;
  }
  return `${counts} (${plural(s.total, 'deck')} in ${time}${shard})`;
}
