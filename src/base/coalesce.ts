/** A pass to run again and again, never two at once; see `coalescing`. */
export interface Coalesced {
  /** Run a pass, or ask the running loop for one more; resolves when the loop ends. */
  (): Promise<void>;
  /** Resolves when no pass is running (at once if none is), without asking for one. */
  idle(): Promise<void>;
}

/**
 * A rebuild loop that coalesces: a call while a pass is running asks for one more pass after it
 * (however many calls there are) and returns the running loop, so saves that land mid-build are
 * never lost and never start a second build beside the first. Watch and preview share it.
 */
export function coalescing(pass: () => Promise<void>): Coalesced {
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await pass();
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  return Object.assign(run, { idle: async () => running });
}
