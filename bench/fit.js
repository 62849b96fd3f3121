// Fitting on large inputs (issue 12): time and peak memory for long summaries and long tables.
// Benchmarks, not tests. Each case runs twice, each time as a whole child process of its own, so
// its peak RSS is its own:
//   fit    layout and fit only, in process through the library (the time fitting takes);
//   build  `briefdeck build` as users run it, the CLI bundle writing the .pptx (wall time, peak RSS).
//
//   node bench/fit.js                      every case
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
  const out = execFileSync(process.execPath, ['--max-old-space-size=4096', 'bench/fit.js', '--child', mode, file, outDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 600_000,
  });
  return { wallMs: performance.now() - t, ...JSON.parse(out.trim().split('\n').pop()) };
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], process.argv[5]);
} else {
  const cases = process.argv.slice(2).length ? process.argv.slice(2) : CASES;
  const tmp = mkdtempSync(join(tmpdir(), 'briefdeck-bench-fit-'));
  console.log(`## Fitting large inputs (issue 12), Node ${process.version}; each case in processes of its own\n`);
  console.log('Times are wall clock, with the process\'s CPU time (user + system, all threads) beside it: on a busy machine');
  console.log('the CPU time is the steadier figure. "fit" is layout and fitting in process; "build" is the whole CLI run.\n');
  console.log(`${'case'.padEnd(16)} ${'slides'.padStart(6)}  ${'fit (CPU)'.padStart(16)}  ${'peak'.padStart(8)}  ${'build (CPU)'.padStart(16)}  ${'peak'.padStart(8)}`);
  const results = [];
  for (const c of cases) {
    const [kind, count] = c.split(':');
    const n = Number(count);
    const file = content(kind, n, tmp);
    const outDir = join(tmp, `out-${kind}-${n}`);
    mkdirSync(outDir, { recursive: true });
    let fit;
    let build;
    try {
      fit = run('fit', file, outDir);
      build = run('build', file, outDir);
    } catch (e) {
      console.log(`${c.padEnd(18)} failed: ${String(e.message).split('\n')[0]}`);
      continue;
    }
    const label = kind === 'summary' ? `summary ${n >= 1e6 ? `${n / 1e6} MB` : `${n / 1e3} KB`}` : `${n.toLocaleString('en')} rows`;
    const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `${label.padEnd(16)} ${String(build.slides ?? fit.slides).padStart(6)}  ${`${secs(fit.fitMs)} (${secs(fit.fitCpuMs)})`.padStart(16)}  ${`${fit.peakMiB.toFixed(0)} MiB`.padStart(8)}  ${`${secs(build.wallMs)} (${secs(build.cpuMs)})`.padStart(16)}  ${`${build.peakMiB.toFixed(0)} MiB`.padStart(8)}${build.code ? `  (exit ${build.code})` : ''}`,
    );
    results.push({ kind, n, fit, build });
  }
  // growth: per 1,000 rows, and from the smallest to the largest case of each kind
  for (const kind of ['summary', 'rows']) {
    const rs = results.filter((r) => r.kind === kind);
    if (rs.length < 2) continue;
    const a = rs[0];
    const b = rs.at(-1);
    const x = b.n / a.n;
    console.log(
      `\n${kind}: ${x}× the input took ${(b.fit.fitCpuMs / a.fit.fitCpuMs).toFixed(1)}× the fitting CPU time and ${(b.build.cpuMs / a.build.cpuMs).toFixed(1)}× the build CPU time` +
        (kind === 'rows' ? `; build peak grows ${((b.build.peakMiB - a.build.peakMiB) / ((b.n - a.n) / 1000)).toFixed(1)} MiB per 1,000 rows (target ≤ 15)` : ''),
    );
  }
  const mb = results.find((r) => r.kind === 'summary' && r.n === 1e6);
  if (mb) console.log(`1 MB summary: build ${(mb.build.wallMs / 1000).toFixed(2)} s wall, ${(mb.build.cpuMs / 1000).toFixed(2)} s CPU (target < 2 s) ${mb.build.wallMs < 2000 ? 'OK' : mb.build.cpuMs < 2000 ? 'OK in CPU time, OVER on the wall clock' : 'OVER'}, peak ${mb.build.peakMiB.toFixed(0)} MiB (target < 300) ${mb.build.peakMiB < 300 ? 'OK' : 'OVER'}`);
  console.log(`\nscratch files in ${tmp}`);
}
