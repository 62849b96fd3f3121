import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIO } from '../../src/cli/main.js';

export const SEED = 'data/xi-south-korea-visit.yaml';

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const HAS_SOFFICE = has('soffice');
export const HAS_PDFTOTEXT = has('pdftotext');
export const HAS_XMLLINT = has('xmllint');
export const HAS_PANDOC = has('pandoc');

/**
 * LibreOffice tests run whenever soffice is present and must run in CI; on a developer machine
 * without it they skip, and say so loudly.
 */
export function requireTool(name: string, present: boolean): boolean {
  if (present) return true;
  if (process.env['CI']) throw new Error(`${name} is required in CI (CI is set) but was not found; .ci/run installs it`);
  process.stderr.write(`\n*** SKIPPING tests that need ${name}: it is not installed. Install it (see .ci/run) to run them. ***\n\n`);
  return false;
}

/** Temp folders this test file made; test/setup.ts removes them once its decks are checked. */
const made: string[] = [];

export function tempDir(prefix = 'briefdeck-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Remove every folder tempDir made (issue 13: a run used to leave some 140 in the system's temp folder). */
export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

/** Every deck the suite builds in this test file; test/setup.ts checks and converts each one. */
export const builtDecks: string[] = [];

export async function cli(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runCli(argv, io);
  for (const l of out) {
    const m = /^built (.+\.pptx) \(/.exec(l);
    if (m) builtDecks.push(m[1]!);
  }
  return { code, out, err };
}
