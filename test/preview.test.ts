// briefdeck preview in a real browser: the system's headless Chromium through playwright-core (issue 15).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildSession } from '../src/session.js';
import { startPreview, type PreviewServer } from '../src/preview/server.js';
import { HAS_CHROMIUM, launchChromium } from './helpers/browser.js';
import { requireTool, SEED, tempDir } from './helpers/env.js';
import { rawRequest } from './helpers/http.js';

const enabled = requireTool('Chromium (/usr/bin/chromium)', HAS_CHROMIUM);

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

const rawGet = (url: string, target: string, host?: string) => rawRequest(url, target, host ? { host } : {});

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Titles as the fitted tree has them, slide by slide. */
async function fittedTitles(file: string): Promise<string[]> {
  const r = await BuildSession.create().preview({ input: file });
  return r.fitted.slides.map((s) => norm(s.nodes.flatMap((n) => (n.kind === 'text' && n.role === 'title' ? n.paragraphs : [])).join(' ')));
}

// the tests' TypeScript has no DOM library: the page's globals, untyped, for functions run in the page
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any, window: any;
const pageTitles = (page: Page) => page.evaluate<string[]>(`[...document.querySelectorAll('.slide')].map((s) => s.querySelector('[data-role="title"]')?.innerText ?? '')`);

/** Wait until the page has taken a build newer than `after`. */
async function nextBuild(page: Page, after: number): Promise<number> {
  await page.waitForFunction((v) => Number(document.documentElement.dataset.version ?? 0) > v, after, { timeout: 20_000 });
  return version(page);
}

const version = (page: Page) => page.evaluate<number>('Number(document.documentElement.dataset.version ?? 0)');

// one browser for the file: a cold Chromium takes seconds to start on a busy machine
let browser: BrowserContext;
beforeAll(async () => {
  if (enabled) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!enabled)('preview in Chromium (issue 15)', () => {
  let server: PreviewServer;
  let page: Page;
  let dir: string;
  let file: string;
  let seed: string;

  beforeAll(async () => {
    dir = tempDir('briefdeck-preview-');
    file = join(dir, 'visit.yaml');
    seed = readFileSync(SEED, 'utf8');
    writeFileSync(file, seed);
    server = await startPreview({ file, port: 0 });
    page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForSelector('.slide');
  });

  afterAll(async () => {
    await server?.close();
  });

  it('serves on loopback and shows every slide title of the seed, with notes and warnings beside', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const want = await fittedTitles(file);
    expect(want.length).toBe(10);
    expect((await pageTitles(page)).map(norm)).toEqual(want);
    // the section slides carry the article's paragraphs as notes
    expect(await page.locator('#slide-3 .notes').innerText()).toContain('Xi Jinping');
    // the seed's one fitting warning sits beside its slide, with file:line:col
    const warnings = await page.evaluate<string[][]>(`[...document.querySelectorAll('.row')].map((r) => [...r.querySelectorAll('.warnings li')].map((li) => li.innerText))`);
    const all = warnings.flat();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatch(/^\S+visit\.yaml:\d+:\d+ .*slide titles set at 24 pt \(from 28\)/);
    // the README's screenshot is this page: written to docs/ only when asked (UPDATE_SCREENSHOT=1), so
    // that running the suite leaves the working tree as it was
    const shot = process.env.UPDATE_SCREENSHOT === '1' ? 'docs/preview.png' : join(dir, 'preview.png');
    mkdirSync(join(shot, '..'), { recursive: true });
    // the slide with the seed's warning, below the sticky header
    await page.evaluate(() => window.scrollTo(0, document.querySelector('.row:has(.warnings)').offsetTop - 50));
    await page.screenshot({ path: shot });
    // a PNG was written
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  });

  it("shows fitting's own line breaks on request: the lines the fitted tree was measured with", async () => {
    const r = await BuildSession.create().preview({ input: file });
    const count = r.lines.flat().reduce((n, l) => n + (!l ? 0 : l.kind === 'text' ? l.lines.length : l.kind === 'bullets' ? l.items.flat().length : l.cells.flat(2).length + (l.note?.lines.length ?? 0)), 0);
    const v = await version(page);
    await page.check('#fit-lines');
    await nextBuild(page, v - 1);
    await page.waitForFunction(() => document.querySelectorAll('.slide .ln').length > 0);
    expect(await page.locator('.slide .ln').count()).toBe(count);
    expect(await page.locator('#slide-3 .ln').nth(1).innerText()).toBe(r.lines[2]!.flatMap((l) => (l?.kind === 'text' ? l.lines.map((x) => x.text) : []))[1]);
    await page.uncheck('#fit-lines');
    await page.waitForFunction(() => document.querySelectorAll('.slide .ln').length === 0);
  });

  it('shows an edit to the YAML without a reload', async () => {
    await page.evaluate('window.loadedOnce = 42');
    const v = await version(page);
    writeFileSync(file, seed.replace('title: A symbolic restart', 'title: A restart edited live'));
    await nextBuild(page, v);
    await page.waitForFunction(() => document.querySelector('#slide-3 [data-role="title"]')?.textContent.includes('A restart edited live'), null, { timeout: 20_000 });
    expect(await page.evaluate('window.loadedOnce')).toBe(42);
  });

  it('shows a broken file with its file:line:col, keeps the last good slides dimmed, and recovers when fixed', async () => {
    const good = readFileSync(file, 'utf8');
    const lines = good.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  classification:'));
    lines.splice(at + 1, 0, '  clasification: SECRET');
    let v = await version(page);
    writeFileSync(file, lines.join('\n'));
    v = await nextBuild(page, v);
    const error = page.locator('#error');
    await expect.poll(() => error.isVisible()).toBe(true);
    // the unknown key's own line (1-based) and column
    expect(await error.innerText()).toContain(`${file}:${at + 2}:3`);
    expect(await error.innerText()).toMatch(/clasification/);
    expect(await page.locator('main').getAttribute('class')).toContain('stale');
    expect(Number(await page.evaluate(`getComputedStyle(document.querySelector('.row')).opacity`))).toBeLessThan(1);
    expect((await pageTitles(page)).map(norm)).toContain('A restart edited live');

    // bad YAML: the server reports it and lives on
    writeFileSync(file, 'deck:\n  title: "unclosed\n');
    v = await nextBuild(page, v);
    expect(await error.innerText()).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+`));
    writeFileSync(file, Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]));
    v = await nextBuild(page, v);
    expect((await rawGet(server.url, '/')).status).toBe(200);

    writeFileSync(file, good);
    await nextBuild(page, v);
    await expect.poll(() => error.isVisible()).toBe(false);
    expect(await page.locator('main').getAttribute('class')).not.toContain('stale');
    expect((await pageTitles(page)).map(norm)).toEqual(await fittedTitles(file));
  });

  it('serves nothing by a path from the URL: traversal gets 404, and no listings', async () => {
    for (const target of [
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/img/../../../etc/passwd',
      '/img/..%2f..%2fpackage.json',
      '/preview.js/../../package.json',
      '//etc/passwd',
      '/data/xi-south-korea-visit.yaml',
      '/visit.yaml',
      '/templates/',
      '/img/',
      '/img/00000000000000000000',
      '/src/',
      '/.git/config',
    ]) {
      const r = await rawGet(server.url, target);
      expect(r.status, target).toBe(404);
      expect(r.body, target).not.toMatch(/root:|"name": "briefdeck"|deck:/);
    }
    // a page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) is refused
    expect((await rawGet(server.url, '/', 'attacker.example:80')).status).toBe(403);
    expect((await rawGet(server.url, '/')).status).toBe(200);
  });
});

describe.skipIf(!enabled)('preview of images and templates (issue 15)', () => {
  let server: PreviewServer;

  afterAll(async () => {
    await server?.close();
  });

  it('serves images a deck uses by id, redraws on a template save and shows a template error at its file', async () => {
    const dir = tempDir('briefdeck-preview-img-');
    const file = join(dir, 'visit.yaml');
    writeFileSync(join(dir, 'logo.png'), PNG);
    writeFileSync(file, readFileSync(SEED, 'utf8').replace(/^deck:/m, 'theme:\n  logo: { src: logo.png, w: 0.5, h: 0.5 }\ndeck:'));
    const tpl = join(dir, 'my-templates');
    mkdirSync(join(tpl, 'partials'), { recursive: true });
    const footer = readFileSync('templates/briefing/partials/footer.hbs', 'utf8');
    copyFileSync('templates/briefing/partials/footer.hbs', join(tpl, 'partials', 'footer.hbs'));
    server = await startPreview({ file, port: 0, template: tpl });
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForSelector('.slide');

    const src = await page.locator('img.im').first().getAttribute('src');
    expect(src).toMatch(/^\/img\/[0-9a-f]{20}$/);
    expect((await rawGet(server.url, src!)).status).toBe(200);
    await page.waitForFunction(() => document.querySelector('img.im').complete);
    expect(await page.evaluate(`document.querySelector('img.im').naturalWidth`)).toBe(1);

    // a save in a template root redraws
    let v = await version(page);
    expect(footer).toContain('{{footer}}');
    writeFileSync(join(tpl, 'partials', 'footer.hbs'), footer.replace('{{footer}}', 'Footer edited in the template'));
    v = await nextBuild(page, v);
    await expect.poll(() => page.locator('.slide').nth(2).innerText()).toContain('Footer edited in the template');

    // a template error names the template file and line (Handlebars gives a syntax error no column)
    writeFileSync(join(tpl, 'partials', 'footer.hbs'), '{{#if}}');
    v = await nextBuild(page, v);
    await expect.poll(() => page.locator('#error').innerText()).toMatch(/footer\.hbs:1: syntax error/);
    writeFileSync(join(tpl, 'partials', 'footer.hbs'), footer);
    await nextBuild(page, v);
    await expect.poll(() => page.locator('#error').isVisible()).toBe(false);
  });
});
