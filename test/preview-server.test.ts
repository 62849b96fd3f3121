// The preview server without a browser: manifests, and requests it must refuse (issue 15).
import { afterAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewServer } from '../src/preview/server.js';
import { slideHtml } from '../src/preview/html.js';
import type { BulletsNode, SlideNode, TextStyle } from '../src/api/preview.js';
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

describe('preview page markup (issue 15)', () => {
  const style: TextStyle = { font: 'Calibri', eaFont: 'Malgun Gothic', size: 22, minSize: 12, maxSize: 22, color: '1F2937', bold: false, italic: false, align: 'left', valign: 'top', lineSpacing: 1.15 };
  const list = (marker: BulletsNode['marker'], items: BulletsNode['items']): string => {
    const node: BulletsNode = { kind: 'bullets', box: { x: 0.6, y: 1, w: 12, h: 3 }, style, bulletColor: 'C9A227', inset: 0.05, spacing: 6, marker, items };
    const slide: SlideNode = { layout: 'section', background: undefined, nodes: [node], notes: [], origin: 'test' };
    const h = (22 * 1.221 * 1.15) / 72;
    return slideHtml(slide, [{ kind: 'bullets', items: items.map((it) => [{ text: it.text, h }]) }], 0, { w: 13.3333, h: 7.5 }, [], () => undefined);
  };
  const items = (html: string) => [...html.matchAll(/<div class="it" style="([^"]*)">(<span class="bu"[^>]*>•<\/span>)?/g)].map((m) => ({ style: m[1]!, marker: Boolean(m[2]) }));

  it('draws lists as the deck does: a list that numbers itself flush left with no marker, a continued item indented with none', () => {
    const own = items(list('none', [{ text: '1. First', level: 0, size: 22 }, { text: '2. Second', level: 0, size: 22 }]));
    expect(own).toHaveLength(2);
    for (const it of own) {
      expect(it.marker).toBe(false);
      expect(it.style).toContain('padding-left:0in');
    }
    const [cont, next, sub] = items(list('bullet', [{ text: 'the rest of an item', level: 0, size: 22, cont: true }, { text: 'Next', level: 0, size: 22 }, { text: 'Sub', level: 1, size: 20 }]));
    expect([cont, next, sub].map((it) => [/padding-left:([\d.]+)in/.exec(it!.style)?.[1], it!.marker])).toEqual([
      ['0.3', false],
      ['0.3', true],
      ['0.6', true],
    ]);
  });

  it("sets text as LibreOffice's 600 dpi reference device does: a whole number of its pixels, each space rounded to one", () => {
    // 22 pt is 776/100 mm, 183.3 px at 600 dpi: 183 px, 21.96 pt; Carlito's space (463/2048 em) is 41.37 px there, 41 px set
    const html = list('bullet', [{ text: 'Word word', level: 0, size: 22 }, { text: 'Smaller', level: 0, size: 20.5 }]);
    const [a, b] = items(html);
    expect(a!.style).toContain(`font-size:21.96pt;word-spacing:${Number((((41 - (463 * 183) / 2048) * 72) / 600).toFixed(4))}pt`);
    // 20.5 pt: 723/100 mm, 170.8 px: 171 px, 20.52 pt
    expect(b!.style).toContain('font-size:20.52pt');
    // the list's own size, for its marker and anything it inherits
    expect(html).toMatch(/class="bl" style="[^"]*font-size:21\.96pt/);
  });
});
