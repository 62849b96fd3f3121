// Fitting on large inputs (issue 12): time and peak memory for long summaries and long tables.
// Benchmarks, not tests. Every measure is a whole child process of its own, so its peak RSS is its own:
//   fit    layout and fit only, in process through the library (the time fitting takes);
//   build  `briefdeck build` as users run it, the CLI bundle writing the .pptx (wall time, CPU, peak RSS).
// Each case runs BENCH_FIT_ROUNDS times (3), the cases in an order rotated each round, so that a busy
// spell of a shared machine falls on all of them; figures are median (min–max) over the rounds.
//
//   npm run bench:fit                      every case (npm run bench runs bench/run.js, then this)
//   node bench/fit.js summary:100000 rows:1000
//   node bench/fit.js --child <fit|build> <content.yaml> <outDir>   (what the parent runs)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const CASES = ['summary:1000', 'summary:100000', 'summary:1000000', 'rows:1000', 'rows:10000', 'rows:20000'];

const peakMiB = () => process.resourceUsage().maxRSS / 1024;

async function child(mode, file, outDir) {
  if (mode === 'fit') {
    const { BuildSession } = await import('../dist/session.js');
    const { fitTree } = await import('../dist/fit/fit.js');
    const { Memo } = await import('../dist/base/memo.js');
    const t0 = performance.now();
    const session = BuildSession.create();
    const content = await session.content(file);
    const { tree } = session.layout(content, session.templateSet(file));
    const t1 = performance.now();
    let warnings = 0;
    // the session's own wrap memo is private; one of the same budget (a quarter of the default 64 MiB)
    const memo = new Memo(16 << 20, (key, v) => 2 * key.length + 8 * (v.length ?? 0) + 64);
    const cpu0 = process.cpuUsage();
    const fitted = fitTree(tree, { warn: () => void warnings++ }, memo);
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    console.log(JSON.stringify({ layoutMs: t1 - t0, fitMs: t2 - t1, fitCpuMs: (cpu.user + cpu.system) / 1000, slides: fitted.slides.length, warnings, peakMiB: peakMiB() }));
    return;
  }
  // the CLI as users run it, bundle and all
  const started = performance.now();
  process.argv = [process.argv[0], 'briefdeck', 'build', file, '-o', outDir, '-j', '1', '--force', '--report'];
  process.on('exit', (code) => {
    const report = JSON.parse(readFileSync(join(outDir, 'build-report.json'), 'utf8'));
    const deck = report.decks?.[0] ?? {};
    const u = process.resourceUsage();
    console.log(JSON.stringify({ code, ms: performance.now() - started, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, slides: deck.slides, peakMiB: peakMiB() }));
  });
  createRequire(import.meta.url)('../bin/load-bundle.cjs').loadBundle(new URL('../dist/bundle/cli.cjs', import.meta.url).pathname);
}

const WORDS = 'the delegation will review bilateral consultations on trade security and cultural exchange and report back to the ministry with recommendations for each meeting of the visit'.split(' ');

/** Prose of about `bytes` bytes: varied words and sentences, so wrapping sees ordinary text. */
function prose(bytes) {
  const out = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const w = WORDS[(i * 7 + Math.floor(i / 13)) % WORDS.length];
    const word = i % 17 === 16 ? `${w}.` : w;
    out.push(word);
    n += word.length + 1;
  }
  return out.join(' ');
}

function content(kind, n, dir) {
  const file = join(dir, `${kind}-${n}.yaml`);
  let yaml = `deck: {title: "Bench ${kind} ${n}", classification: UNCLASSIFIED}\nsections:\n`;
  if (kind === 'summary') yaml += `  - title: A long summary\n    summary: ${JSON.stringify(prose(n))}\n`;
  else {
    const cities = ['Seoul', 'Busan', 'Incheon', 'Gyeongju'];
    const status = ['Confirmed', 'Pending final agreement on logistics and security', 'To be scheduled'];
    const rows = Array.from({ length: n }, (_, i) => `          - ["Item ${i + 1}", "Meeting with delegation ${i + 1}", "${cities[i % 4]}", "${status[i % 3]}"]`).join('\n');
    yaml += `  - title: A long table\n    tables:\n      - title: Meetings\n        columns: [No., Meeting, City, Status]\n        rows:\n${rows}\n`;
  }
  writeFileSync(file, yaml);
  return file;
}

function run(mode, file, outDir) {
  const t = performance.now();
  // the build runs as users run it; fitting alone gets room, as it holds no deck
  const flags = mode === 'fit' ? ['--max-old-space-size=4096'] : [];
  const out = execFileSync(process.execPath, [...flags, 'bench/fit.js', '--child', mode, file, outDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 600_000,
  });
  return { wallMs: performance.now() - t, ...JSON.parse(out.trim().split('\n').pop()) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** median (min–max) */
const range = (xs, fmt) => (xs.length > 1 ? `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})` : fmt(xs[0]));
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (m) => `${m.toFixed(0)} MiB`;

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], process.argv[5]);
} else {
  const cases = process.argv.slice(2).length ? process.argv.slice(2) : CASES;
  const rounds = Math.max(1, Number(process.env.BENCH_FIT_ROUNDS ?? 3));
  const tmp = mkdtempSync(join(tmpdir(), 'briefdeck-bench-fit-'));
  console.log(`## Fitting large inputs (issue 12), Node ${process.version}; ${rounds} rounds, every measure a process of its own\n`);
  const inputs = cases.map((c) => {
    const [kind, count] = c.split(':');
    const n = Number(count);
    const outDir = join(tmp, `out-${kind}-${n}`);
    mkdirSync(outDir, { recursive: true });
    return { c, kind, n, file: content(kind, n, tmp), outDir, fit: [], build: [], failed: undefined };
  });
  for (let r = 0; r < rounds; r++) {
    const order = inputs.map((_, i) => inputs[(i + r) % inputs.length]);
    const line = [];
    for (const x of order) {
      if (x.failed) continue;
      try {
        const fit = run('fit', x.file, x.outDir);
        const build = run('build', x.file, x.outDir);
        if (build.code) throw new Error(`briefdeck build exited ${build.code}`);
        x.fit.push(fit);
        x.build.push(build);
        line.push(`${x.c} ${secs(fit.fitMs)}/${secs(build.wallMs)}`);
      } catch (e) {
        x.failed = String(e.message).split('\n')[0];
        line.push(`${x.c} failed`);
      }
    }
    console.log(`round ${r + 1}/${rounds} (fit/build): ${line.join(', ')}`);
  }
  console.log('\nmedian (min–max) over the rounds. Wall-clock times, with the process\'s CPU time (user + system, all');
  console.log('threads): on a busy machine the CPU time is the steadier figure. "fit" is layout and fitting in process;');
  console.log('"build" is the whole CLI run, reading the YAML to writing the .pptx. Peaks are the peak RSS of the process.\n');
  console.log('| case | slides | fit | fit CPU | fit peak | build | build CPU | build peak |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const med = (x, k, f) => median(x[k].map(f));
  for (const x of inputs) {
    const label = x.kind === 'summary' ? `summary ${x.n >= 1e6 ? `${x.n / 1e6} MB` : `${x.n / 1e3} KB`}` : `${x.n.toLocaleString('en')} rows`;
    if (!x.build.length) {
      console.log(`| ${label} | failed: ${x.failed} | | | | | | |`);
      continue;
    }
    const pick = (k, f) => x[k].map(f);
    console.log(
      `| ${label} | ${x.build[0].slides ?? x.fit[0].slides} | ${range(pick('fit', (v) => v.fitMs), secs)} | ${range(pick('fit', (v) => v.fitCpuMs), secs)} | ${range(pick('fit', (v) => v.peakMiB), mib)} | ${range(pick('build', (v) => v.wallMs), secs)} | ${range(pick('build', (v) => v.cpuMs), secs)} | ${range(pick('build', (v) => v.peakMiB), mib)} |` +
        (x.failed ? ` (a later round failed: ${x.failed})` : ''),
    );
  }
  // growth, from the smallest to the largest case of each kind, on the medians
  console.log('');
  for (const kind of ['summary', 'rows']) {
    const rs = inputs.filter((x) => x.kind === kind && x.build.length);
    if (rs.length < 2) continue;
    const a = rs[0];
    const b = rs.at(-1);
    const x = b.n / a.n;
    const ratio = (k, f) => (med(b, k, f) / med(a, k, f)).toFixed(1);
    let line = `${kind}: ${x}× the input took ${ratio('fit', (v) => v.fitCpuMs)}× the fitting CPU time and ${ratio('build', (v) => v.cpuMs)}× the build CPU time`;
    if (kind === 'rows') {
      const per = (p, q) => (med(q, 'build', (v) => v.peakMiB) - med(p, 'build', (v) => v.peakMiB)) / ((q.n - p.n) / 1000);
      const steps = rs.slice(1).map((q, i) => `${rs[i].n.toLocaleString('en')}→${q.n.toLocaleString('en')}: ${per(rs[i], q).toFixed(1)}`);
      const all = per(a, b);
      line += `;\nbuild peak grows ${all.toFixed(1)} MiB per 1,000 rows from ${a.n.toLocaleString('en')} to ${b.n.toLocaleString('en')} (target ≤ 15: ${all <= 15 ? 'met' : 'NOT met'}); by step ${steps.join(', ')}`;
    }
    console.log(line);
  }
  const mb = inputs.find((x) => x.kind === 'summary' && x.n === 1e6 && x.build.length);
  if (mb) {
    const wall = med(mb, 'build', (v) => v.wallMs);
    const cpu = med(mb, 'build', (v) => v.cpuMs);
    const peak = med(mb, 'build', (v) => v.peakMiB);
    console.log(`1 MB summary: build ${secs(wall)} wall, ${secs(cpu)} CPU (target < 2 s): ${wall < 2000 ? 'met' : cpu < 2000 ? 'met in CPU time, NOT on the wall clock' : 'NOT met'}; peak ${mib(peak)} (target < 300): ${peak < 300 ? 'met' : 'NOT met'}`);
  }
  console.log(`\nscratch files in ${tmp}`);
}
