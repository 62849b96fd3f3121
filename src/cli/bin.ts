// The `briefdeck` command: the entry of the CLI bundle that bin/briefdeck.cjs loads (scripts/bundle.mjs).
import { runCli } from './main.js';
import { installSignalCleanup } from './signals.js';

installSignalCleanup();
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
