/**
 * `briefdeck preview`: a local web server that draws the fitted deck, rebuilds it in one warm
 * session on every save and pushes it to the page by server-sent events.
 *
 * What it serves is fixed: the page, its script and style, the event stream, and images by an id
 * given out when a deck used them. Nothing is looked up by a path from the URL, so `..` and encoded
 * traversal reach nothing, and there are no listings.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve } from 'node:path';
import { coalescing } from '../base/coalesce.js';
import { BriefdeckError } from '../base/errors.js';
import { displayPath, isInside } from '../base/paths.js';
import { BuildSession, type DeckJob } from '../session.js';
import { isManifest, manifestJobs } from '../api/preview.js';
import { slideHtml, warningItem } from './html.js';
import { PAGE_CSS, PAGE_JS, pageHtml } from './page.js';
import { FileWatcher } from './watcher.js';

export interface PreviewOptions {
  /** A content file or a meetings.yaml manifest. */
  file: string;
  /** `-t`: a built-in set name or a template folder. */
  template?: string;
  /** `--reference`: an office template to build on. */
  reference?: string;
  /** Default 127.0.0.1; anything else must be asked for. */
  host?: string;
  /** Default 4477; 0 takes any free port. */
  port?: number;
  /** Default true; false serves what was built at start only (tests of the server alone). */
  watch?: boolean;
  /** A warm session to build in; default a new one. */
  session?: BuildSession;
}

/** What the page is sent after each build. */
export interface ViewState {
  version: number;
  /** The slides' HTML: the last good build's while `error` is set. */
  html: string;
  slides: number;
  /** The build's time in ms, from the change seen to the HTML made. */
  ms: number;
  error?: { lines: string[] };
}

/** One rebuild, for the CLI's log and for benchmarks. */
export interface RebuildEvent {
  meeting: string | undefined;
  ok: boolean;
  ms: number;
  slides: number;
  /** The first line of the error, when the build failed. */
  error?: string;
}

export interface PreviewServer {
  url: string;
  /** Meetings to pick from, when the file is a manifest. */
  meetings: string[];
  /** Build again now (as a save would). */
  rebuild(): Promise<void>;
  onRebuild(listener: (e: RebuildEvent) => void): void;
  close(): Promise<void>;
}

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function errorLines(err: unknown): string[] {
  if (err instanceof BriefdeckError) return err.format().split('\n');
  return [`internal error: ${err instanceof Error ? err.message : String(err)}`];
}

interface View extends ViewState {
  /** The slides with fitting's own line breaks. */
  fitHtml: string;
  deps: string[];
}

interface Client {
  res: ServerResponse;
  key: string;
  fitLines: boolean;
}

export async function startPreview(opts: PreviewOptions): Promise<PreviewServer> {
  const session = opts.session ?? BuildSession.create({ ...(opts.template ? { template: opts.template } : {}), ...(opts.reference ? { reference: opts.reference } : {}) });
  const file = opts.file;
  const host = opts.host ?? '127.0.0.1';
  let manifest: boolean;
  try {
    manifest = isManifest(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new BriefdeckError('CONTENT_READ', `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { location: { file }, cause: err });
  }

  /** The jobs to preview by meeting name ('' for a content file); a bad manifest throws. */
  const jobs = (): Map<string, DeckJob> => {
    if (!manifest) return new Map([['', { input: file, ...(opts.template ? { template: opts.template } : {}) }]]);
    return new Map(manifestJobs(file, readFileSync(file, 'utf8'), { ...(opts.template ? { template: opts.template } : {}), ...(opts.reference ? { reference: resolve(opts.reference) } : {}) }).map((m) => [m.name, m.job]));
  };
  let meetings: string[] = [];
  try {
    meetings = [...jobs().keys()].filter((k) => k !== '');
  } catch {
    // a broken manifest at start: the page shows its error, and a fixed one recovers
  }

  const views = new Map<string, View>();
  const clients = new Set<Client>();
  const images = new Map<string, string>();
  const listeners: ((e: RebuildEvent) => void)[] = [];
  let version = 0;

  const imageId = (dirs: readonly string[]) => (src: string) => {
    const abs = resolve(src);
    if (!dirs.some((d) => isInside(abs, d))) return undefined;
    const id = createHash('sha256').update(abs).digest('hex').slice(0, 20);
    images.set(id, abs);
    return id;
  };

  const keyOf = (meeting: string | null | undefined) => (manifest ? (meeting && (meetings.includes(meeting) || views.has(meeting)) ? meeting : (meetings[0] ?? '')) : '');

  async function build(key: string, started: number): Promise<View> {
    const old = views.get(key);
    const base = { version: ++version, html: old?.html ?? '', fitHtml: old?.fitHtml ?? '', slides: old?.slides ?? 0, deps: old?.deps ?? [resolve(file)] };
    let view: View;
    try {
      const job = jobs().get(key);
      if (!job) throw new BriefdeckError('USAGE', `no meeting "${key}" in ${displayPath(file)}`);
      const r = await session.preview(job);
      const img = imageId(r.assetDirs);
      const html = (mode: 'renderer' | 'fit') => r.fitted.slides.map((s, i) => slideHtml(s, r.lines[i] ?? [], i, r.fitted.size, r.slideWarnings[i] ?? [], img, mode, r.backdrops?.[i])).join('');
      const contentWarnings = r.warnings.filter((w) => !r.slideWarnings.some((ws) => ws.includes(w)));
      const head = contentWarnings.length ? `<section class="deck-warnings"><ul class="warnings">${contentWarnings.map(warningItem).join('')}</ul></section>` : '';
      view = { version: base.version, html: head + html('renderer'), fitHtml: head + html('fit'), slides: r.fitted.slides.length, ms: Math.round(performance.now() - started), deps: [resolve(file), ...r.dependencies] };
    } catch (err) {
      view = { ...base, ms: Math.round(performance.now() - started), error: { lines: errorLines(err) } };
    }
    views.set(key, view);
    const e: RebuildEvent = { meeting: key || undefined, ok: !view.error, ms: view.ms, slides: view.slides, ...(view.error ? { error: view.error.lines[0] ?? '' } : {}) };
    for (const l of listeners) l(e);
    return view;
  }

  const message = (v: View, fitLines: boolean) => {
    const state: ViewState = { version: v.version, html: fitLines ? v.fitHtml : v.html, slides: v.slides, ms: v.ms, ...(v.error ? { error: v.error } : {}) };
    return `data: ${JSON.stringify(state)}\n\n`;
  };

  function push(key: string, v: View): void {
    for (const c of clients) if (c.key === key) c.res.write(message(v, c.fitLines));
  }

  let watcher: FileWatcher | undefined;
  const watchAll = () => watcher?.set([...new Set([resolve(file), ...[...views.values()].flatMap((v) => v.deps)])]);

  // one build at a time; saves during a build make one more build after it
  const rebuildAll = coalescing(async () => {
    const started = performance.now();
    session.filesChanged();
    if (manifest) {
      try {
        meetings = [...jobs().keys()];
      } catch {
        // keep the old list; each build reports the manifest's error
      }
    }
    const keys = new Set([...clients].map((c) => c.key));
    if (keys.size === 0) keys.add(keyOf(undefined));
    for (const key of keys) push(key, await build(key, started));
    watchAll();
  });

  function serve(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    const notFound = () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return;
    }
    // a page elsewhere that points a name at 127.0.0.1 (DNS rebinding) sends its own Host
    const port = (server.address() as AddressInfo).port;
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (LOOPBACK.has(host) && ![`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(hostHeader)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('forbidden host\n');
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://preview.invalid');
    } catch {
      notFound();
      return;
    }
    // the raw target too: URL() folds `/a/../b` into `/b`, and a traversal must not land on a route
    const raw = (req.url ?? '').split('?')[0] ?? '';
    if (raw !== url.pathname) {
      notFound();
      return;
    }
    const path = url.pathname;
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP });
      res.end(pageHtml(displayPath(resolve(file)), meetings));
    } else if (path === '/preview.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      res.end(PAGE_JS);
    } else if (path === '/preview.css') {
      res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8' });
      res.end(PAGE_CSS);
    } else if (path === '/events') {
      const key = keyOf(url.searchParams.get('meeting'));
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
      res.write('retry: 1000\n\n');
      const client = { res, key, fitLines: url.searchParams.get('lines') === 'fit' };
      clients.add(client);
      req.on('close', () => clients.delete(client));
      // a page that goes away mid-write is no reason to stop
      res.on('error', () => clients.delete(client));
      const v = views.get(key);
      if (v) res.write(message(v, client.fitLines));
      else void rebuildAll();
    } else if (/^\/img\/[0-9a-f]{20}$/.test(path)) {
      const abs = images.get(path.slice(5));
      const type = abs ? IMAGE_TYPES[extname(abs).toLowerCase()] : undefined;
      let body: Buffer | undefined;
      try {
        if (abs && type && statSync(abs).isFile()) body = readFileSync(abs);
      } catch {
        body = undefined;
      }
      if (!body || !type) return notFound();
      // an SVG opened on its own runs no script
      res.writeHead(200, { 'Content-Type': type, 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" });
      res.end(body);
    } else notFound();
  }

  const server: Server = createServer((req, res) => {
    try {
      serve(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end();
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(
        new BriefdeckError('USAGE', err.code === 'EADDRINUSE' ? `port ${opts.port ?? 4477} is in use` : `cannot listen on ${host}:${opts.port ?? 4477} (${err.code ?? err.message})`, {
          hint: 'choose another with --port, or --port 0 for any free port',
          cause: err,
        }),
      ),
    );
    server.listen(opts.port ?? 4477, host, () => ok());
  });
  const keepAlive = setInterval(() => {
    for (const c of clients) c.res.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  await build(keyOf(undefined), performance.now());
  if (opts.watch !== false) {
    watcher = new FileWatcher(() => void rebuildAll());
    watchAll();
    await watcher.ready();
  }
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    get meetings() {
      return meetings;
    },
    rebuild: rebuildAll,
    onRebuild: (l) => listeners.push(l),
    async close() {
      clearInterval(keepAlive);
      await watcher?.close();
      for (const c of clients) c.res.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
