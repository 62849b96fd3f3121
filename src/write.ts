import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { WriteError } from './errors.js';

/** Temp files being written now; a CLI removes them when it is interrupted. */
const inFlight = new Set<string>();

export function removeInFlightTempFiles(): void {
  for (const f of inFlight) rmSync(f, { force: true });
  inFlight.clear();
}

const tempName = (path: string) => `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const cleaned = new Set<string>();

/** Temp files that a killed build (SIGKILL, power loss) left for this output; their writer is gone. */
async function removeStaleTempFiles(path: string): Promise<void> {
  // once per output per process: a batch writing hundreds of decks lists the folder once for each
  if (cleaned.has(path)) return;
  cleaned.add(path);
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  for (const n of names) {
    const m = n.startsWith(prefix) ? /\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(n) : null;
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) await rm(join(dirname(path), n), { force: true });
  }
}

/** Write via a temp file in the same folder and rename, so readers never see half a deck. */
export async function writeAtomic(path: string, data: Uint8Array): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, tempName(path));
  try {
    await mkdir(dir, { recursive: true });
    await removeStaleTempFiles(path);
    inFlight.add(tmp);
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new WriteError('WRITE_FAILED', `cannot write the file: ${(err as Error).message}`, { location: { file: path }, cause: err });
  } finally {
    inFlight.delete(tmp);
  }
}
