import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Warning } from '../base/errors.js';
import { fileHash, sha256 } from '../base/hash.js';
import { writeAtomic } from '../base/write.js';
import type { JobResult } from './job.js';
import type { Job } from './plan.js';

/** What a deck was built from, by content hash; a deck is skipped while every part is unchanged. */
interface Entry {
  key: string;
  assets: Record<string, string>;
  outputHash: string;
  /** What the build said, so a skipped deck reports the same. */
  slides?: number;
  warnings?: Warning[];
}

export const CACHE_FILE = '.briefdeck-cache.json';

export class BuildCache {
  private readonly entries: Record<string, Entry>;
  /** Content files hashed this batch: a manifest's meetings share one. */
  private readonly inputs = new Map<string, string>();

  private constructor(
    private readonly file: string,
    entries: Record<string, Entry>,
    private readonly version: string,
  ) {
    this.entries = entries;
  }

  static load(outDir: string, version: string): BuildCache {
    const file = join(outDir, CACHE_FILE);
    let entries: Record<string, Entry> = {};
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { version?: string; entries?: Record<string, Entry> };
      if (data.version === version && data.entries) entries = data.entries;
    } catch {
      // no cache yet, or an unreadable one: build everything
    }
    return new BuildCache(file, entries, version);
  }

  /** Everything a deck depends on, but the images it turned out to use. */
  key(job: Job, templatesHash: string, epoch: string | undefined): string {
    return sha256(
      JSON.stringify({
        briefdeck: this.version,
        content: this.inputHash(job.input),
        entry: { template: job.template ?? null, reference: job.reference ?? null, overrides: job.overrides ?? null },
        templates: templatesHash,
        epoch: epoch ?? null,
      }),
    );
  }

  private inputHash(file: string): string {
    let h = this.inputs.get(file);
    if (h === undefined) this.inputs.set(file, (h = fileHash(file) ?? 'missing'));
    return h;
  }

  /** Whether the file exists, so that it is kept up to date even by a build that built nothing. */
  get exists(): boolean {
    return existsSync(this.file);
  }

  /** The entry of a deck that is unchanged, with its slide count and warnings; undefined when it must be built. */
  fresh(job: Job, key: string): { slides?: number; warnings: Warning[] } | undefined {
    const e = this.entries[resolve(job.output)];
    if (!e || e.key !== key || !existsSync(job.output)) return undefined;
    if (fileHash(job.output) !== e.outputHash) return undefined;
    if (!Object.entries(e.assets).every(([p, h]) => fileHash(p) === h)) return undefined;
    return { ...(e.slides !== undefined ? { slides: e.slides } : {}), warnings: e.warnings ?? [] };
  }

  record(job: Job, key: string, r: JobResult): void {
    const id = resolve(job.output);
    if (r.status !== 'built' || !r.outputHash) {
      delete this.entries[id];
      return;
    }
    const assets: Record<string, string> = {};
    for (const a of r.assets ?? []) assets[a] = fileHash(a) ?? '';
    this.entries[id] = { key, assets, outputHash: r.outputHash, ...(r.slides !== undefined ? { slides: r.slides } : {}), warnings: r.warnings };
  }

  async save(): Promise<void> {
    const sorted = Object.fromEntries(Object.entries(this.entries).sort(([a], [b]) => (a < b ? -1 : 1)));
    await writeAtomic(this.file, Buffer.from(`${JSON.stringify({ version: this.version, entries: sorted }, null, 1)}\n`));
  }
}
