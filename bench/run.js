// Benchmarks; not tests. Timing goals live here because test machines are noisy.
// Ratios are measured within one run, on the same machine, back to back.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseContent, loadTemplateSet, renderDeck } from '../dist/index.js';

const SEED = 'data/xi-south-korea-visit.yaml';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);

async function time(label, fn) {
  for (let i = 0; i < 5; i++) await fn(); // warm up
  const samples = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`${label.padEnd(34)} median ${median.toFixed(2)} ms  (p10 ${samples[Math.floor(ROUNDS * 0.1)].toFixed(2)}, p90 ${samples[Math.floor(ROUNDS * 0.9)].toFixed(2)})`);
  return median;
}

const set = loadTemplateSet();
const source = readFileSync(SEED, 'utf8');
console.log(`briefdeck bench: ${ROUNDS} rounds each, Node ${process.version}\n`);

console.log('## Fitting (issue 4): the seed deck, parse → template → layout → fit → pptx → conform');
const withFit = await time('seed build, with fitting', () => renderDeck(parseContent(source, SEED), set));
const withoutFit = await time('seed build, without fitting', () => renderDeck(parseContent(source, SEED), set, { fit: false }));
const ratio = withFit / withoutFit;
console.log(`fitting costs ${((withFit - withoutFit)).toFixed(2)} ms per deck; with/without = ${ratio.toFixed(2)}× (target ≤ 2×) ${ratio <= 2 ? 'OK' : 'OVER TARGET'}`);
