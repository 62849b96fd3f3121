// The rebuild loop watch and preview share (src/base/coalesce.ts).
import { describe, expect, it } from 'vitest';
import { coalescing } from '../src/base/coalesce.js';

/** A pass that waits until the test lets it finish. */
function gatedPass() {
  const gates: (() => void)[] = [];
  let started = 0;
  const pass = () => {
    started++;
    return new Promise<void>((ok) => gates.push(ok));
  };
  const release = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()!();
  };
  return { pass, release, started: () => started };
}

describe('coalescing', () => {
  it('runs one pass at a time; any number of calls during a pass make exactly one more', async () => {
    const g = gatedPass();
    const run = coalescing(g.pass);
    const first = run();
    const during = [run(), run(), run()];
    expect(g.started()).toBe(1);
    // the calls made during a pass wait for the whole loop
    for (const p of during) expect(p).toBe(first);
    await g.release();
    await g.release();
    await first;
    expect(g.started()).toBe(2);
    // once idle, a call starts a fresh loop
    const next = run();
    expect(g.started()).toBe(3);
    await g.release();
    await next;
  });

  it('idle() waits for a running loop without asking for another pass', async () => {
    const g = gatedPass();
    const run = coalescing(g.pass);
    await run.idle();
    expect(g.started()).toBe(0);
    void run();
    let idle = false;
    const waiting = run.idle().then(() => (idle = true));
    await new Promise((r) => setImmediate(r));
    expect(idle).toBe(false);
    await g.release();
    await waiting;
    expect(g.started()).toBe(1);
  });

  it('a failed pass ends the loop with its error and leaves it ready for the next call', async () => {
    let n = 0;
    const run = coalescing(async () => {
      if (++n === 1) throw new Error('boom');
    });
    await expect(run()).rejects.toThrow('boom');
    await run();
    expect(n).toBe(2);
  });
});
