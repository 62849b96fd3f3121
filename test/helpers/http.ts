// Plain HTTP for the preview server's tests: requests sent exactly as written, and its event stream.
import { request } from 'node:http';
import type { ViewState } from '../../src/preview/server.js';

/**
 * A request to a raw target, exactly as given (fetch would fold `..` away before sending), with
 * another method or Host header when a test needs one.
 */
export function rawRequest(url: string, target: string, opts: { method?: string; host?: string } = {}): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ host: u.hostname, port: u.port, path: target, method: opts.method ?? 'GET', headers: opts.host ? { host: opts.host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** The first state the server's event stream sends for `query` (`?meeting=…`). */
export function firstEvent(url: string, query: string): Promise<ViewState> {
  const u = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ host: u.hostname, port: u.port, path: `/events${query}` }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        const m = /^data: (.*)$/m.exec(buf);
        if (m && buf.includes('\n\n', buf.indexOf('data: '))) {
          req.destroy();
          ok(JSON.parse(m[1]!) as ViewState);
        }
      });
    });
    req.on('error', (e) => (e.message.includes('aborted') ? undefined : fail(e)));
    req.end();
  });
}
