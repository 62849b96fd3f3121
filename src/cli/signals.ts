import { removeInFlightTempFiles } from '../base/write.js';

/** On Ctrl-C or SIGTERM, remove half-written temp files before exiting; the previous deck stays. */
export function installSignalCleanup(): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      removeInFlightTempFiles();
      process.exit(code);
    });
  }
}
