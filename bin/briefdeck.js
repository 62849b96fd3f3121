#!/usr/bin/env node
import { runCli } from '../dist/cli/main.js';
import { installSignalCleanup } from '../dist/cli/signals.js';

installSignalCleanup();
process.exitCode = await runCli(process.argv.slice(2));
