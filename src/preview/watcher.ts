/** Watching the files a deck depends on, with chokidar; a set of paths that changes as decks do. */
import { watch, type FSWatcher } from 'chokidar';

export class FileWatcher {
  private watcher: FSWatcher | undefined;
  private isReady: Promise<void> = Promise.resolve();
  private watched = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  /** `onChange` runs once for a burst of events (an editor's save is often several). */
  constructor(
    private readonly onChange: () => void,
    private readonly settleMs = 5,
  ) {}

  /** Watch exactly these files and folders (folders recursively). */
  set(paths: readonly string[]): void {
    const next = new Set(paths);
    if (!this.watcher) {
      const w = watch([...next], { ignoreInitial: true, persistent: true });
      this.isReady = new Promise((ok) => w.once('ready', () => ok()));
      w.on('all', () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(this.onChange, this.settleMs);
      });
      // a watched file or folder that is deleted (git checkout, git stash, a save by rename) is
      // watched again at once, or chokidar would not see it come back
      const again = (p: string) => {
        if (this.watched.has(p)) w.add(p);
      };
      w.on('unlink', again);
      w.on('unlinkDir', again);
      // a file that vanishes mid-save or a folder we may not read is no reason to stop
      w.on('error', () => {});
      this.watcher = w;
    } else {
      const gone = [...this.watched].filter((p) => !next.has(p));
      const added = [...next].filter((p) => !this.watched.has(p));
      if (gone.length) this.watcher.unwatch(gone);
      if (added.length) this.watcher.add(added);
    }
    this.watched = next;
  }

  paths(): string[] {
    return [...this.watched];
  }

  /** Resolves once the first paths are being watched. */
  ready(): Promise<void> {
    return this.isReady;
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.watcher?.close();
  }
}
