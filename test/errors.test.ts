import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BriefdeckError, EXIT, toErrorRecord, type ErrorRecord } from '../src/base/errors.js';
import { cli, tempDir } from './helpers/env.js';

/** What a worker's message does to a value: the structured clone algorithm, through a real worker. */
function throughWorker<T>(value: T): Promise<T> {
  return new Promise((resolve, reject) => {
    const w = new Worker('const { parentPort, workerData } = require("node:worker_threads"); parentPort.postMessage(workerData);', { eval: true, workerData: value });
    w.once('message', (m: T) => void w.terminate().then(() => resolve(m)));
    w.once('error', reject);
  });
}

describe('errors cross the worker boundary intact (issue 10)', () => {
  it('keeps kind, location, problems and display text', async () => {
    const problems = [{ file: 'c.yaml', line: 4, col: 5, path: 'sections[0].tabels', message: 'unknown key `tabels`; did you mean `tables`?' }];
    const content = BriefdeckError.ofProblems(problems);
    const template = new BriefdeckError('TEMPLATE_ERROR', 'unknown variable "titel"', { location: { file: 'layouts/x.hbs', line: 3, col: 9 }, hint: 'check the name' });
    for (const e of [content, template]) {
      const back = (await throughWorker(toErrorRecord(e))) as ErrorRecord;
      expect(back).toEqual(e.toJSON());
      const again = BriefdeckError.fromJSON(back) as BriefdeckError;
      expect(again).toBeInstanceOf(BriefdeckError);
      expect([again.code, again.location, again.problems, again.format(), again.exitCode]).toEqual([e.code, e.location, e.problems, e.format(), e.exitCode]);
    }
    expect(content.exitCode).toBe(EXIT.content);
    expect(template.format()).toBe('layouts/x.hbs:3:9: unknown variable "titel" (check the name)');
  });

  it('tells an internal error apart by its code, not its text', async () => {
    const r = (await throughWorker(toErrorRecord(new TypeError('error: looks expected')))) as ErrorRecord;
    expect(r).toMatchObject({ code: 'INTERNAL', exitCode: EXIT.internal, display: 'internal error: error: looks expected' });
    expect(r.stack).toMatch(/TypeError/);
  });

  it('a deck that fails in a pool worker reports its own exit code, location and message', async () => {
    const dir = tempDir('errs-');
    // two decks so that -j 2 builds one of them in a worker
    writeFileSync(join(dir, 'a.yaml'), 'deck: {title: A}\nsections:\n  - title: One\n    tabels: []\n');
    writeFileSync(join(dir, 'b.yaml'), 'deck: {title: B}\nsections:\n  - title: Two\n    tabels: []\n');
    const r = await cli('build', dir, '-o', join(dir, 'out'), '-j', '2');
    expect(r.code).toBe(EXIT.failure);
    // one line per failed deck: its output, then the problem at its own file:line:col
    const lines = [...r.out, ...r.err];
    for (const f of ['a', 'b']) expect(lines).toContain(`failed ${join(dir, 'out', `${f}.pptx`)}: ${join(dir, `${f}.yaml`)}:4:5: sections[0].tabels: unknown key \`tabels\`; did you mean \`tables\`?`);
    expect(r.err.join('\n')).not.toMatch(/internal error|^error: .*yaml:4:5/m);
  });
});
