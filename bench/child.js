// One benchmark scenario in its own process, so its peak RSS is its own.
//   node bench/child.js briefdeck <manifest> <outDir> <jobs>   (briefdeck build, as the CLI)
//   node bench/child.js raw <count> <outDir>
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const [mode, a, outDir, jobs] = process.argv.slice(2);
let decks = 0;
if (mode === 'briefdeck') {
  // the CLI as users run it, bundle and all, timed from this process's start
  process.argv = [process.argv[0], 'briefdeck', 'build', a, '-o', outDir, '-j', jobs, '--force'];
  process.on('exit', () => {
    const { summary } = JSON.parse(readFileSync(join(outDir, 'build-report.json'), 'utf8'));
    if (summary.failed) throw new Error(`${summary.failed} decks failed`);
    console.log(JSON.stringify({ decks: summary.built, ms: performance.now(), maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
  });
  createRequire(import.meta.url)('../bin/load-bundle.cjs').loadBundle(new URL('../dist/bundle/cli.cjs', import.meta.url).pathname);
} else if (mode === 'raw') {
  // The floor: pptxgenjs alone drawing the very same slides (the seed's fitted layout, computed once
  // outside the timing) and zipping them itself: no YAML, templates, fitting or fix-ups.
  const { parseContent, loadTemplateSet, renderDeck } = await import('../dist/index.js');
  const { drawDeck } = await import('../dist/pptx/render.js');
  const fitted = (await renderDeck(parseContent(readFileSync('data/xi-south-korea-visit.yaml', 'utf8'), 'seed'), loadTemplateSet())).fitted;
  const P = createRequire(import.meta.url)('pptxgenjs');
  mkdirSync(outDir, { recursive: true });
  const t1 = performance.now();
  for (let i = 0; i < Number(a); i++) {
    const p = new P();
    drawDeck(p, fitted, { title: `Deck ${i}` });
    writeFileSync(join(outDir, `raw-${i}.pptx`), await p.write({ outputType: 'nodebuffer' }));
    decks++;
  }
  const ms = performance.now() - t1;
  console.log(JSON.stringify({ decks, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

