import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BriefdeckError } from './errors.js';
import { displayPath } from './paths.js';

/** Temp files being written now, on this thread; a CLI removes them when it is interrupted. */
const inFlight = new Set<string>();
const watchers = new Set<(writing: number) => void>();

const changed = () => {
  for (const w of watchers) w(inFlight.size);
};

export function removeInFlightTempFiles(): void {
  for (const f of inFlight) rmSync(f, { force: true });
  inFlight.clear();
  changed();
}

/** Be told how many files this thread is writing, each time that changes: a CLI handles interrupts only while it is not 0. */
export function watchWrites(watcher: (writing: number) => void): () => void {
  watchers.add(watcher);
  return () => watchers.delete(watcher);
}

// the output's name is cut short in the temp file's name, which must stay within 255 bytes too
const tempPrefix = (path: string) => `.${basename(path).slice(0, 100)}.`;
const tempName = (path: string) => `${tempPrefix(path)}${process.pid}.${randomBytes(4).toString('hex')}.tmp`;

/**
 * Remove this process's temp files for `path`: after its worker threads were ended mid-write, as
 * their own lists of files in flight ended with them.
 */
export function removeTempFilesOf(path: string): void {
  const dir = dirname(path);
  const prefix = `${tempPrefix(path)}${process.pid}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) if (n.startsWith(prefix) && n.endsWith('.tmp')) rmSync(join(dir, n), { force: true });
}

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
  const prefix = tempPrefix(path);
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
    if (Buffer.byteLength(basename(path)) > 255) throw Object.assign(new Error(`the file name is ${Buffer.byteLength(basename(path))} bytes long; disks allow 255`), { code: 'ENAMETOOLONG' });
    mkdirSync(dir, { recursive: true });
    removeStaleTempFiles(path);
    inFlight.add(tmp);
    changed();
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
    if (inFlight.delete(tmp)) changed();
  }
}

/**
 * Make `target` as a new folder, or take it empty, for a command that writes a set of files into
 * it (`templates eject`, `templates from`): a folder with files, a file, or a path through a file
 * is refused with the reason, never an internal error.
 */
export function newFolder(target: string, command: string): void {
  checkNewFolder(target, command);
  try {
    mkdirSync(target, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw folderRefused(target, command, code === 'ENOTDIR' || code === 'EEXIST' ? 'a part of this path is a file, not a folder' : `cannot make the folder (${code ?? String(err)})`, err);
  }
}

const folderRefused = (target: string, command: string, why: string, cause?: unknown) =>
  new BriefdeckError('WRITE_FAILED', `${why}; ${command} writes only into a new or empty folder`, { location: { file: displayPath(target) }, ...(cause ? { cause } : {}) });

/** newFolder's checks alone, for a command that has more to check before it makes the folder. */
export function checkNewFolder(target: string, command: string): void {
  const refuse = (why: string, cause?: unknown) => folderRefused(target, command, why, cause);
  let st: Stats | undefined;
  try {
    st = statSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') throw refuse('a part of this path is a file, not a folder', err);
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw refuse(`cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`, err);
  }
  if (st && !st.isDirectory()) throw refuse('this is a file, not a folder');
  if (st && readdirSync(target).length > 0) throw refuse('the folder is not empty');
}
