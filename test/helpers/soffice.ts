import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './env.js';

const run = promisify(execFile);

/** Convert a deck to PDF with LibreOffice, in a private profile so runs do not collide. */
export async function toPdf(pptx: string, outDir: string): Promise<string> {
  const profile = tempDir('lo-profile-');
  await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, pptx], { timeout: 180_000 });
  const pdf = join(outDir, basename(pptx).replace(/\.pptx$/, '.pdf'));
  if (!existsSync(pdf)) throw new Error(`LibreOffice did not convert ${pptx}`);
  return pdf;
}

export async function pdfPages(pdf: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdf]);
  return Number(/Pages:\s+(\d+)/.exec(stdout)?.[1]);
}

/** Text of each page. */
export async function pdfText(pdf: string): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-layout', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\f').slice(0, -1);
}
