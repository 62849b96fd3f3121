// One benchmark scenario in its own process, so its peak RSS is its own.
//   node bench/child.js briefdeck <manifest> <outDir> <jobs>
//   node bench/child.js raw <count> <outDir>
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const [mode, a, outDir, jobs] = process.argv.slice(2);
const t0 = performance.now();
let decks = 0;
if (mode === 'briefdeck') {
  const { buildBatch } = await import('../dist/index.js');
  const report = await buildBatch([a], { outDir, force: true, jobs: Number(jobs) });
  if (report.summary.failed) throw new Error(`${report.summary.failed} decks failed`);
  decks = report.summary.built;
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
const ms = performance.now() - t0;
console.log(JSON.stringify({ decks, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
