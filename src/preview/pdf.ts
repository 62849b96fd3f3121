/**
 * PDFs of built decks through LibreOffice (`build --pdf`). One soffice at a time in this process,
 * each with a profile folder of its own: two LibreOffice processes sharing the user's profile
 * block each other or silently do nothing.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BriefdeckError } from '../base/errors.js';

export interface PdfOptions {
  /** Notes pages (the slide above its speaker notes) instead of slides. */
  notes?: boolean;
  /** The LibreOffice command; default `soffice`. */
  soffice?: string;
}

/** The package that provides `soffice` on Debian and Ubuntu. */
export const SOFFICE_PACKAGE = 'libreoffice-impress';

const NOTES_FILTER = 'pdf:impress_pdf_Export:{"ExportNotesPages":{"type":"boolean","value":"true"},"ExportOnlyNotesPages":{"type":"boolean","value":"true"}}';

let queue: Promise<unknown> = Promise.resolve();

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    execFile(cmd, args, { timeout: 300_000, maxBuffer: 16 << 20 }, (err, _out, stderr) => {
      if (!err) return ok();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return fail(
          new BriefdeckError('WRITE_FAILED', `cannot write PDFs: LibreOffice (${cmd}) is not installed`, {
            hint: `install the Debian package ${SOFFICE_PACKAGE}, e.g. apt-get install ${SOFFICE_PACKAGE}; the .pptx files were written`,
            cause: err,
          }),
        );
      }
      fail(new BriefdeckError('WRITE_FAILED', `LibreOffice could not convert the deck: ${String(stderr).trim() || err.message}`, { cause: err }));
    });
  });
}

function moveInto(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    // the temporary folder is on another file system: copy beside the target, then rename
    copyFileSync(from, `${to}.tmp`);
    renameSync(`${to}.tmp`, to);
  }
}

/**
 * Write `deck.pdf` beside each `deck.pptx`; resolves to the PDFs' paths. Decks of one folder go
 * through one LibreOffice start. The PDFs are made in a private folder and renamed into place, so a
 * failed conversion leaves any previous PDF as it was.
 */
export function writePdfs(decks: readonly string[], opts: PdfOptions = {}): Promise<string[]> {
  const job = queue.then(async () => {
    const work = mkdtempSync(join(tmpdir(), 'briefdeck-pdf-'));
    const written: string[] = [];
    try {
      const profile = join(work, 'profile');
      const byDir = new Map<string, string[]>();
      for (const d of decks) byDir.set(dirname(d), [...(byDir.get(dirname(d)) ?? []), d]);
      let n = 0;
      for (const [dir, group] of byDir) {
        const out = join(work, `out-${n++}`);
        await run(opts.soffice ?? 'soffice', [
          `-env:UserInstallation=${pathToFileURL(profile).href}`,
          '--headless',
          '--norestore',
          '--convert-to',
          opts.notes ? NOTES_FILTER : 'pdf',
          '--outdir',
          out,
          ...group,
        ]);
        for (const deck of group) {
          const name = `${basename(deck, extname(deck))}.pdf`;
          if (!existsSync(join(out, name))) throw new BriefdeckError('WRITE_FAILED', `LibreOffice wrote no PDF for ${deck}`);
          moveInto(join(out, name), join(dir, name));
          written.push(join(dir, name));
        }
      }
      return written;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
  // the next conversion waits for this one, whether it worked or not
  queue = job.catch(() => undefined);
  return job;
}
