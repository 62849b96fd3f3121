import { removeInFlightTempFiles, watchWrites } from '../base/write.js';

type Signal = 'SIGINT' | 'SIGTERM';

export const SIGNAL_EXIT: Record<Signal, number> = { SIGINT: 130, SIGTERM: 143 };

let installed = false;
let armed = false;
let stopBatch: ((signal: Signal) => void) | undefined;
let stopping = false;

function onSignal(signal: Signal): void {
  if (stopBatch && !stopping) {
    // the batch stops its workers, records what was built and returns; the CLI then exits 130 or 143
    stopping = true;
    stopBatch(signal);
    return;
  }
  // a second signal, or one during a write: the temp file goes, the previous file stays
  removeInFlightTempFiles();
  process.exit(SIGNAL_EXIT[signal]);
}

const handlers = { SIGINT: () => onSignal('SIGINT'), SIGTERM: () => onSignal('SIGTERM') };

function arm(): void {
  if (armed) return;
  armed = true;
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, handlers[s]);
}

/**
 * Ctrl-C and SIGTERM for the `briefdeck` process. Until there is something to clean up, Node's
 * default stays: the signal ends the process at once, even in the middle of fitting a long deck on
 * this thread, and as nothing has been written the previous deck is untouched. From the first
 * write, or while a batch's workers run, a handler takes over: it removes the temp file being
 * written, or stops the batch so that it can record what was built. It stays once set, as removing
 * it could drop a signal that arrived while it was set.
 */
export function installSignalCleanup(): void {
  installed = true;
  watchWrites((writing) => {
    if (writing > 0) arm();
  });
}

/** While a batch's workers run, SIGINT and SIGTERM stop it through `stop`; the result releases them. */
export function holdSignals(stop: (signal: Signal) => void): () => void {
  if (!installed) return () => {};
  stopBatch = stop;
  arm();
  return () => {
    stopBatch = undefined;
  };
}
