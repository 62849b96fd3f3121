// The preview server without a browser: manifests, and requests it must refuse (issue 15).
import { afterAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewServer } from '../src/preview/server.js';
import { firstEvent, rawRequest } from './helpers/http.js';

const get = (url: string, target: string, method = 'GET') => rawRequest(url, target, { method });

describe('preview server (issue 15)', () => {
  let server: PreviewServer;
  afterAll(async () => {
    await server?.close();
  });

  it('previews a manifest meeting by meeting, with a picker on the page', async () => {
    server = await startPreview({ file: 'data/meetings.yaml', port: 0, watch: false });
    expect(server.meetings).toEqual(['visit-principal-briefing', 'visit-working-level', 'visit-press-office']);
    const page = await get(server.url, '/');
    expect(page.status).toBe(200);
    for (const m of server.meetings) expect(page.body).toContain(`<option value="${m}">`);
    const principal = await firstEvent(server.url, '?meeting=visit-principal-briefing');
    expect(principal.error).toBeUndefined();
    expect(principal.html).toContain('Briefing for the principal ahead of the leaders&#39; meeting');
    const press = await firstEvent(server.url, '?meeting=visit-press-office');
    expect(press.html).toContain('Background for the press office');
    expect(press.html).toContain('#3F3F46');
    // the working-level meeting is built with its own template set
    const memo = await firstEvent(server.url, '?meeting=visit-working-level');
    expect(memo.html).toContain('Working-level read-ahead for the delegation');
    expect(memo.html).not.toBe(principal.html);
  });

  it('refuses what it does not serve and lives on', async () => {
    expect((await get(server.url, '/', 'POST')).status).toBe(405);
    expect((await get(server.url, '/', 'DELETE')).status).toBe(405);
    expect((await get(server.url, `/${'a'.repeat(6000)}`)).status).toBe(404);
    expect((await get(server.url, '/%zz')).status).toBe(404);
    // an unknown meeting is no path: the stream shows the first meeting
    expect((await firstEvent(server.url, '?meeting=../../etc/passwd')).html).toContain('Briefing for the principal');
    expect((await get(server.url, '/')).status).toBe(200);
  });
});
