// npm run bench: briefdeck against the floor (raw pptxgenjs) and pandoc, as whole processes.
// Benchmarks, not tests: timing targets live here because test machines are noisy.
//
// - Input: N decks made from the seed in which every string differs (bench/decks.js), so no slide
//   or text of one deck can be reused for another.
// - Every measure is whole processes, timed from spawn to exit: `briefdeck build <folder> -j 2`,
//   the same with -j 1, the floor (bench/floor.js: YAML parsing, pptxgenjs, DEFLATE, one process),
//   the floor as two processes on half the decks each at once (the machine's ceiling for two),
//   -j 2 on a reference (a 4:3 deck briefdeck builds first), and pandoc (one process per deck, one
//   at a time).
// - Each measure's CPU time (user + system, its processes and theirs) beside its wall time: how many
//   cores one process already keeps busy explains what a second one can add.
// - The measures run in turn, round by round, in an order rotated each round, so that a busy spell
//   of a shared machine falls on all of them; ratios are taken within each round.
//
// Environment: BENCH_DECKS (200), BENCH_ROUNDS (5), BENCH_COLD_ROUNDS (15), BENCH_FIT_DECKS (50),
// BENCH_KEEP=1 keeps the scratch folder.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { unzipSync } from 'fflate';
import { SEED, writeDecks } from './decks.js';

const N = Number(process.env.BENCH_DECKS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 15);
const FIT_DECKS = Math.min(N, Number(process.env.BENCH_FIT_DECKS ?? 50));
const BIN = 'bin/briefdeck.cjs';
const cores = availableParallelism();
const tmp = mkdtempSync(join(tmpdir(), 'briefdeck-bench-'));

// ---- helpers

const sorted = (xs) => [...xs].sort((a, b) => a - b);
function median(xs) {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const stats = (xs) => ({ min: Math.min(...xs), med: median(xs), max: Math.max(...xs) });
const f = (n, d = 2) => n.toFixed(d);
const sec = (ms) => `${f(ms / 1000)} s`;
/** median with its range: `3.06 s (2.95–3.20)` */
const range = (xs, unit = 's') => {
  const s = stats(xs);
  return unit === 's' ? `${f(s.med / 1000)} s (${f(s.min / 1000)}–${f(s.max / 1000)})` : `${f(s.med, 0)} ms (${f(s.min, 0)}–${f(s.max, 0)})`;
};
const ratio = (xs, d = 2) => {
  const s = stats(xs);
  return `${f(s.med, d)}× (${f(s.min, d)}–${f(s.max, d)})`;
};

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  if (r.error || r.status !== 0) throw new Error(`${what} failed (${r.error?.message ?? `exit ${r.status}`}): ${cmd} ${args.join(' ')}\n${r.stderr?.toString().slice(-2000) ?? ''}`);
}
// CPU time of the processes a measure ran: Linux counts a waited-for child's user and system time,
// and its own waited-for children's, in the parent's cutime and cstime (/proc/self/stat, in clock
// ticks). Elsewhere the CPU column is left out.
const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // after "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICK;
  } catch {
    return NaN;
  }
}

/** Milliseconds from spawn to exit of everything fn starts. */
function wall(fn) {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** Slides per deck and bytes per deck of what a measure wrote, read back from the files. */
function outputFacts(dir) {
  const decks = readdirSync(dir).filter((n) => n.endsWith('.pptx'));
  let slides = 0;
  let bytes = 0;
  let stored = 0;
  for (const name of decks) {
    const buf = readFileSync(join(dir, name));
    bytes += buf.length;
    unzipSync(buf, {
      filter: (e) => {
        if (/^ppt\/slides\/slide\d+\.xml$/.test(e.name)) slides++;
        if (e.compression === 0 && e.originalSize > 0) stored++;
        return false;
      },
    });
  }
  return { decks: decks.length, slides: slides / decks.length, kib: bytes / decks.length / 1024, stored };
}

/** The facts of two folders' decks together. */
function merge(a, b) {
  const decks = a.decks + b.decks;
  return { decks, slides: (a.slides * a.decks + b.slides * b.decks) / decks, kib: (a.kib * a.decks + b.kib * b.decks) / decks, stored: a.stored + b.stored };
}

// ---- input

const pandoc = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
const pandocVersion = pandoc.status === 0 ? pandoc.stdout.split('\n')[0] : null;
console.log(`briefdeck bench: Node ${process.version}, ${cores} cores (os.availableParallelism()), ${pandocVersion ?? 'pandoc not installed'}`);
console.log(`${N} distinct decks, ${ROUNDS} rounds; cold start ${COLD_ROUNDS} rounds; scratch ${tmp}\n`);
if (!pandocVersion) console.log('pandoc is not installed, so its measures are skipped (Debian: apt-get install pandoc)\n');

const decks = writeDecks(N, join(tmp, 'decks'));
const out = (k) => join(tmp, `out-${k}`);

// An office template to build on, for the reference measure: a deck briefdeck builds itself in 4:3,
// with its own master, layouts and theme, so the bench needs no LibreOffice
const referenceFile = join(tmp, 'office.pptx');
{
  const yaml = join(tmp, 'office.yaml');
  writeFileSync(yaml, `${readFileSync(SEED, 'utf8').replace(/^ {2}classification:.*\n/m, '')}\ntheme:\n  slide:\n    size: "4:3"\n`);
  run(process.execPath, [BIN, 'build', yaml, '-o', referenceFile], 'the reference');
}

function briefdeck(jobs, key = `j${jobs}`, extra = []) {
  const dir = out(key);
  return {
    go: () => run(process.execPath, [BIN, 'build', decks.yamlDir, '-o', dir, '--force', '-j', String(jobs), ...extra], `briefdeck -j ${jobs} ${extra.join(' ')}`),
    check() {
      const { summary } = JSON.parse(readFileSync(join(dir, 'build-report.json'), 'utf8'));
      if (summary.built !== N || summary.failed) throw new Error(`briefdeck -j ${jobs}: ${summary.built} built, ${summary.failed} failed of ${N}`);
    },
  };
}
// The machine's own ceiling for a pool of two: the floor's work split in two halves, run as two
// whole processes at once. Nothing is shared between them, so what they gain over the floor in one
// process is what this machine's two cores give this kind of work (allocation-heavy string
// building), whatever the tool; -j 2 against -j 1 is read against it.
const halves = [0, 1].map((h) => {
  const dir = join(tmp, `half-${h}`);
  mkdirSync(dir);
  decks.yaml.forEach((y, i) => {
    if (i % 2 === h) copyFileSync(y, join(dir, basename(y)));
  });
  return dir;
});
const floorPair = () => {
  const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
  const [a, b] = halves.map((dir, h) => `${q(process.execPath)} bench/floor.js ${q(dir)} ${q(join(out('floor2'), String(h)))}`);
  run('sh', ['-c', `${a} & p=$!; ${b}; s=$?; wait $p && exit $s`], 'the floor as two processes');
};
const pandocDeck = (md) => run('pandoc', [md, '-o', join(out('pandoc'), `${basename(md, '.md')}.pptx`)], 'pandoc');
const measures = [
  { key: 'j2', label: 'briefdeck build -j 2', ...briefdeck(2) },
  { key: 'j1', label: 'briefdeck build -j 1', ...briefdeck(1) },
  { key: 'ref', label: 'briefdeck build -j 2 --reference (a 4:3 deck)', ...briefdeck(2, 'ref', ['--reference', referenceFile]) },
  { key: 'floor', label: 'floor: raw pptxgenjs, one process', go: () => run(process.execPath, ['bench/floor.js', decks.yamlDir, out('floor')], 'the floor') },
  { key: 'floor2', label: 'floor as two processes on half the decks each, at once', go: floorPair },
  ...(pandocVersion
    ? [{ key: 'pandoc', label: 'pandoc, a process per deck', go: () => decks.md.forEach(pandocDeck), warm: () => decks.md.slice(0, 10).forEach(pandocDeck) }]
    : []),
];
mkdirSync(out('pandoc'));

// ---- batch rounds

// one untimed round first, for disk caches; pandoc, the slowest by far, warms up on a few decks
process.stdout.write('warm-up round…');
for (const m of measures) m.warm ? m.warm() : (m.go(), m.check?.());
console.log(' done');
const times = Object.fromEntries(measures.map((m) => [m.key, []]));
const cpu = Object.fromEntries(measures.map((m) => [m.key, []]));
for (let r = 0; r < ROUNDS; r++) {
  const order = measures.map((_, i) => measures[(i + r) % measures.length]);
  const line = [];
  for (const m of order) {
    const c0 = childrenCpuMs();
    const ms = wall(m.go);
    cpu[m.key].push(childrenCpuMs() - c0);
    m.check?.();
    times[m.key].push(ms);
    line.push(`${m.key} ${sec(ms)}`);
  }
  console.log(`round ${r + 1}/${ROUNDS}: ${line.join(', ')}`);
}
const per = (a, b) => times[a].map((t, i) => t / times[b][i]);

// ---- cold single deck, briefdeck and pandoc in turn, which goes first alternating

const cold = { bd: [], pandoc: [] };
const oneYaml = decks.yaml[0];
const oneMd = decks.md[0];
const coldBd = () => run(process.execPath, [BIN, 'build', oneYaml, '-o', out('cold'), '--force'], 'briefdeck (cold)');
const coldPandoc = () => run('pandoc', [oneMd, '-o', join(out('cold-pandoc'), 'deck.pptx')], 'pandoc (cold)');
mkdirSync(out('cold-pandoc'));
coldBd();
if (pandocVersion) coldPandoc();
for (let r = 0; r < COLD_ROUNDS; r++) {
  const pair = [() => cold.bd.push(wall(coldBd)), ...(pandocVersion ? [() => cold.pandoc.push(wall(coldPandoc))] : [])];
  for (const go of r % 2 ? pair.reverse() : pair) go();
}

// ---- fitting, in process through the public API

const fitRes = spawnSync(process.execPath, ['bench/fitting.js', String(Math.max(ROUNDS, 5)), ...decks.yaml.slice(0, FIT_DECKS)], { encoding: 'utf8', maxBuffer: 1 << 26 });
if (fitRes.status !== 0) throw new Error(`bench/fitting.js failed:\n${fitRes.stderr}`);
const fitting = JSON.parse(fitRes.stdout.trim().split('\n').pop());

// ---- report

console.log(`\n## Each measure, ${N} decks, ${ROUNDS} rounds: median (min–max)\n`);
const withCpu = measures.every((m) => cpu[m.key].every(Number.isFinite));
console.log(`| measure | time | decks/s | slides/deck | KiB/deck |${withCpu ? ' CPU time (user + system) | cores kept busy |' : ''}`);
console.log(`| --- | --- | --- | --- | --- |${withCpu ? ' --- | --- |' : ''}`);
for (const m of measures) {
  const o = m.key === 'floor2' ? merge(outputFacts(join(out(m.key), '0')), outputFacts(join(out(m.key), '1'))) : outputFacts(out(m.key));
  if (o.decks !== N) throw new Error(`${m.label} left ${o.decks} decks, not ${N}`);
  if (o.stored) console.log(`(${m.label}: ${o.stored} entries stored without compression)`);
  const rate = times[m.key].map((t) => N / (t / 1000));
  // cores kept busy: CPU time over wall time, round by round; above 1 for one process means V8's
  // helper threads (garbage collection, compilation) ran on the other core
  const busy = cpu[m.key].map((c, i) => c / times[m.key][i]);
  const cpuCols = withCpu ? ` ${range(cpu[m.key])} | ${f(median(busy))} (${f(Math.min(...busy))}–${f(Math.max(...busy))}) |` : '';
  console.log(`| ${m.label} | ${range(times[m.key])} | ${f(median(rate), 1)} (${f(Math.min(...rate), 1)}–${f(Math.max(...rate), 1)}) | ${f(o.slides, 1)} | ${f(o.kib, 1)} |${cpuCols}`);
}

const met = (ok) => (ok ? 'met' : '**not met**');
const rows = [];
{
  const r = per('j2', 'floor');
  rows.push([`${N} distinct decks, -j 2, against the floor`, range(times.j2), `floor ${range(times.floor)}`, `${ratio(r)} the floor's time`, '≤ 1.5×', met(median(r) <= 1.5), '3.06 s vs 1.21 s: 2.5×']);
}
{
  const r = per('j1', 'floor');
  rows.push([`${N} distinct decks, -j 1, against the floor`, range(times.j1), `floor ${range(times.floor)}`, `${ratio(r)} the floor's time`, '', '', '3.30 s vs 1.21 s (2.7×)']);
}
if (pandocVersion) {
  const r = per('pandoc', 'j2');
  rows.push([`${N} distinct decks, -j 2, against pandoc`, range(times.j2), `pandoc ${range(times.pandoc)}`, `${ratio(r)} pandoc's decks/s`, '≥ 10×', met(median(r) >= 10), '3.06 s vs 18.2 s: 5.9×']);
}
{
  const r = per('j1', 'j2');
  rows.push([`${N} distinct decks, -j 2 against -j 1`, range(times.j2), `-j 1 ${range(times.j1)}`, `${ratio(r)} faster`, '≥ 1.3×', met(median(r) >= 1.3), '3.06 s vs 3.30 s: 1.07×']);
}
{
  const r = per('ref', 'j2');
  rows.push([`${N} distinct decks on a reference, -j 2`, range(times.ref), `without one ${range(times.j2)}`, `${ratio(r)} the time without`, '', '', '']);
}
{
  const r = per('floor', 'floor2');
  rows.push([`this machine's ceiling for two at once: the floor, one process against two on half the decks each`, `two ${range(times.floor2)}`, `one ${range(times.floor)}`, `${ratio(r)} faster`, '', '', '']);
}
if (pandocVersion) {
  const r = cold.bd.map((t, i) => t / cold.pandoc[i]);
  rows.push([`cold single deck, ${COLD_ROUNDS} rounds`, range(cold.bd, 'ms'), `pandoc ${range(cold.pandoc, 'ms')}`, `${ratio(r)} pandoc's time`, '', '', '171 ms vs pandoc 77–87 ms: 2.0–2.2×']);
} else {
  rows.push([`cold single deck, ${COLD_ROUNDS} rounds`, range(cold.bd, 'ms'), '', '', '', '', '171 ms']);
}
{
  const r = fitting.fit.map((t, i) => t / fitting.noFit[i]);
  rows.push([
    `fitting: layout, fit and render of ${FIT_DECKS} distinct decks in one process`,
    `${f(median(fitting.fit), 1)} ms/deck`,
    `without fitting ${f(median(fitting.noFit), 1)} ms/deck`,
    `${ratio(r)}`,
    '≤ 2× (issue 4)',
    met(median(r) <= 2),
    '(not in issue 10; README: 1.41×)',
  ]);
}

console.log(`\n## Targets (set for 2 cores; this machine has ${cores})\n`);
console.log('| measure | briefdeck | peer | ratio | target | met? | issue 10 (before) |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log('\nTimes are medians of the rounds (min–max); ratios are taken within each round, then their median (min–max).');
console.log('pandoc runs one deck at a time, one process per deck; briefdeck -j 2 uses both cores.');
if (withCpu) {
  // why two at once gains so little here: what splitting the work costs in CPU, and how busy one process already keeps the cores
  const c = (k) => f(median(cpu[k]) / 1000);
  const busy = (k) => f(median(cpu[k].map((x, i) => x / times[k][i])));
  console.log(`CPU time (medians): the floor ${c('floor')} s in one process (${busy('floor')} cores busy), ${c('floor2')} s as two; briefdeck -j 1 ${c('j1')} s (${busy('j1')} cores busy), -j 2 ${c('j2')} s.`);
}

if (process.env.BENCH_KEEP === '1') console.log(`\nscratch files kept in ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });
