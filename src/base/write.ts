import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BriefdeckError } from './errors.js';

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

/** Temp-file names in each output folder as this process first found them, by folder. */
const listed = new Map<string, string[]>();

/** Temp files that a killed build (SIGKILL, power loss) left for this output; their writer is gone. */
function removeStaleTempFiles(path: string): void {
  // the folder is listed once per process: listing it for each of a batch's decks made writing quadratic
  const dir = dirname(path);
  let names = listed.get(dir);
  if (!names) {
    try {
      names = readdirSync(dir).filter((n) => n.startsWith('.') && n.endsWith('.tmp'));
    } catch {
      names = [];
    }
    listed.set(dir, names);
  }
  const prefix = `.${basename(path)}.`;
  for (const n of names) {
    const m = n.startsWith(prefix) ? /\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(n) : null;
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) rmSync(join(dir, n), { force: true });
  }
}

/** Below this, write in one synchronous call: the promise API's round trips through the thread pool
 * cost more than the write itself for a deck. Larger files are written asynchronously, so an
 * interrupt during the write is handled at once and leaves the previous file. */
const SYNC_LIMIT = 16 << 20;

/** Write via a temp file in the same folder and rename, so readers never see half a deck. */
export async function writeAtomic(path: string, data: Uint8Array): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, tempName(path));
  try {
    mkdirSync(dir, { recursive: true });
    removeStaleTempFiles(path);
    inFlight.add(tmp);
    if (data.length < SYNC_LIMIT) {
      writeFileSync(tmp, data);
      renameSync(tmp, path);
    } else {
      await writeFile(tmp, data);
      await rename(tmp, path);
    }
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the error below is what matters
    }
    throw new BriefdeckError('WRITE_FAILED', `cannot write the file: ${(err as Error).message}`, { location: { file: path }, cause: err });
  } finally {
    inFlight.delete(tmp);
  }
}
