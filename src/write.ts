import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WriteError } from './errors.js';

/** Write via a temp file in the same folder and rename, so readers never see half a deck. */
export async function writeAtomic(path: string, data: Uint8Array): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new WriteError('WRITE_FAILED', `cannot write the deck: ${(err as Error).message}`, { location: { file: path }, cause: err });
  }
}
