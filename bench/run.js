// Benchmarks; not tests. Timing goals live here because test machines are noisy.
// Every ratio is measured within one run, on the same machine, back to back.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { loadTemplateSet, parseContent, renderDeck } from '../dist/index.js';
import { clearMemos } from '../dist/memo.js';

const SEED = 'data/xi-south-korea-visit.yaml';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const BATCH = Number(process.env.BENCH_DECKS ?? 200);
const RSS_DECKS = Number(process.env.BENCH_RSS_DECKS ?? 1000);
const PANDOC_RUNS = Number(process.env.BENCH_PANDOC_RUNS ?? 20);
const tmp = mkdtempSync(join(tmpdir(), 'briefdeck-bench-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, d = 1) => n.toFixed(d);

async function time(fn, rounds = ROUNDS) {
  for (let i = 0; i < 3; i++) await fn();
  const s = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    s.push(performance.now() - t);
  }
  return median(s);
}

console.log(`briefdeck bench — Node ${process.version}, ${availableParallelism()} cores\n`);

// ## 1. Fitting (issue 4)
const set = loadTemplateSet();
const source = readFileSync(SEED, 'utf8');
// memos emptied each time: a batch would reuse the rendered slides, leaving fitting alone to measure
const withFit = await time(() => (clearMemos(), renderDeck(parseContent(source, SEED), set)));
const noFit = await time(() => (clearMemos(), renderDeck(parseContent(source, SEED), set, { fit: false })));
console.log('## Fitting: one seed deck in process, median of', ROUNDS);
console.log(`with fitting ${fmt(withFit, 2)} ms, without ${fmt(noFit, 2)} ms: ratio ${fmt(withFit / noFit, 2)}× (target ≤ 2×) ${withFit / noFit <= 2 ? 'OK' : 'OVER'}\n`);

// ## 2. Batch (issue 6)
// Meetings differ in subtitle (the title slide only), or also in classification, whose banner is
// on every slide: then no slide repeats from one deck to the next.
function manifest(n, everySlide = false) {
  const dir = mkdtempSync(join(tmp, 'm-'));
  writeFileSync(join(dir, 'visit.yaml'), source);
  const entries = Array.from({ length: n }, (_, i) => `  - name: deck-${String(i).padStart(4, '0')}\n    deck: {subtitle: "Meeting ${i + 1}"${everySlide ? `, classification: "LEVEL ${i + 1}"` : ''}}\n`).join('');
  writeFileSync(join(dir, 'meetings.yaml'), `content: visit.yaml\nmeetings:\n${entries}`);
  return join(dir, 'meetings.yaml');
}
const child = (...args) => JSON.parse(execFileSync(process.execPath, ['bench/child.js', ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop());
const row = (label, r) => {
  console.log(`${label.padEnd(44)} ${fmt(r.decks / (r.ms / 1000)).padStart(7)} decks/s ${fmt(r.ms / r.decks, 2).padStart(8)} ms/deck  peak RSS ${fmt(r.maxRssMiB, 0)} MiB`);
  return r.decks / (r.ms / 1000);
};

console.log(`## Batch: ${BATCH} decks of the seed's size (10 slides, 3 tables)`);
const m = manifest(BATCH);
const bdAll = row(`briefdeck build, -j ${availableParallelism()} (default)`, child('briefdeck', m, join(tmp, 'out-all'), String(availableParallelism())));
const bdOne = row('briefdeck build, -j 1', child('briefdeck', m, join(tmp, 'out-one'), '1'));
const bdDistinct = row(`  the same, every slide differs, -j ${availableParallelism()}`, child('briefdeck', manifest(BATCH, true), join(tmp, 'out-distinct'), String(availableParallelism())));
const raw = row('(a) raw pptxgenjs, one process (the floor)', child('raw', String(BATCH), join(tmp, 'out-raw')));

// pandoc, one process per deck, on equivalent Markdown
const hasPandoc = spawnSync('pandoc', ['--version']).status === 0;
let pandocRate;
let pandocOne;
const c = parse(source);
const md = [
  `---\ntitle: "${c.deck.title}"\nsubtitle: "${c.deck.subtitle}"\ndate: "${c.deck.date}"\n---\n`,
  '# Agenda\n',
  ...c.sections.map((s, i) => `${i + 1}. ${s.title}`),
  '',
  ...c.sections.flatMap((s) => [
    `# ${s.title}\n`,
    s.summary ?? '',
    '',
    ...(s.bullets ?? []).flatMap((b) => (typeof b === 'string' ? [`- ${b}`] : [`- ${b.text}`, ...(b.sub ?? []).map((x) => `    - ${x}`)])),
    '',
    ...(s.notes ? [`::: notes\n${s.notes}\n:::\n`] : []),
    ...(s.tables ?? []).flatMap((t) => [`# ${t.title ?? s.title}\n`, `| ${t.columns.join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`, ...t.rows.map((r) => `| ${r.join(' | ')} |`), '']),
  ]),
  '# Sources\n',
  ...(c.sources ?? []).map((s) => `- ${s.title}`),
].join('\n');
const mdFile = join(tmp, 'seed.md');
writeFileSync(mdFile, md);
if (hasPandoc) {
  const t = performance.now();
  for (let i = 0; i < PANDOC_RUNS; i++) execFileSync('pandoc', [mdFile, '-o', join(tmp, `pandoc-${i}.pptx`)]);
  const ms = performance.now() - t;
  pandocRate = PANDOC_RUNS / (ms / 1000);
  console.log(`${'(b) pandoc, one process per deck'.padEnd(44)} ${fmt(pandocRate).padStart(7)} decks/s ${fmt(ms / PANDOC_RUNS, 2).padStart(8)} ms/deck  (${PANDOC_RUNS} runs)`);
} else console.log('(b) pandoc: not installed; skipped (apt-get install pandoc)');

console.log('');
console.log(`briefdeck vs raw pptxgenjs floor: ${fmt(raw / bdAll, 2)}× the floor's time per deck at -j ${availableParallelism()}, ${fmt(raw / bdOne, 2)}× at -j 1 (target ≤ 2×) ${raw / bdAll <= 2 ? 'OK' : 'OVER'}; every slide differing, ${fmt(raw / bdDistinct, 2)}× ${raw / bdDistinct <= 2 ? 'OK' : 'OVER'}`);
if (pandocRate) {
  console.log(`briefdeck vs pandoc: ${fmt(bdAll / pandocRate, 1)}× pandoc's decks per second (target ≥ 20×) ${bdAll / pandocRate >= 20 ? 'OK' : 'UNDER'}; every slide differing, ${fmt(bdDistinct / pandocRate, 1)}× ${bdDistinct / pandocRate >= 20 ? 'OK' : 'UNDER'}`);
}

// ## 3. Peak memory for a large batch
if (RSS_DECKS > 0) {
  const big = child('briefdeck', manifest(RSS_DECKS), join(tmp, 'out-big'), String(availableParallelism()));
  console.log(`\n## Memory: ${RSS_DECKS} decks, -j ${availableParallelism()}: peak RSS ${fmt(big.maxRssMiB, 0)} MiB (target ≤ 300 MiB) ${big.maxRssMiB <= 300 ? 'OK' : 'OVER'}; ${fmt(big.decks / (big.ms / 1000))} decks/s`);
}

// ## 4. Cold start: one deck from a fresh process, interleaved with pandoc so both see the same machine
const COLD = Number(process.env.BENCH_COLD_RUNS ?? 15);
const wall = (cmd, args) => {
  const t = performance.now();
  execFileSync(cmd, args, { stdio: 'ignore' });
  return performance.now() - t;
};
const cold = [];
const pandocCold = [];
for (let i = 0; i < COLD; i++) {
  cold.push(wall(process.execPath, ['bin/briefdeck.cjs', 'build', SEED, '-o', join(tmp, 'cold'), '--force']));
  if (hasPandoc) pandocCold.push(wall('pandoc', [mdFile, '-o', join(tmp, 'cold.pptx')]));
}
console.log(`\n## Cold start: \`briefdeck build\` of the seed in a new process: median ${fmt(median(cold), 0)} ms of ${COLD}`);
if (hasPandoc) {
  const r = median(cold) / median(pandocCold);
  console.log(`pandoc on the same content, run in turn: median ${fmt(median(pandocCold), 0)} ms; briefdeck/pandoc = ${fmt(r, 2)}× (target ≤ 1.5×) ${r <= 1.5 ? 'OK' : 'OVER'}`);
}
// npx finds the binary through npm, which starts first: measured on a command that does no work
const npx = [];
const direct = [];
for (let i = 0; i < 5; i++) {
  npx.push(wall('npx', ['--no-install', 'briefdeck', '--version']));
  direct.push(wall(process.execPath, ['bin/briefdeck.cjs', '--version']));
}
console.log(`npx's own start-up, before briefdeck runs: ${fmt(median(npx) - median(direct), 0)} ms (npx briefdeck --version ${fmt(median(npx), 0)} ms, briefdeck --version ${fmt(median(direct), 0)} ms)`);
console.log(`\nscratch files in ${tmp}`);
