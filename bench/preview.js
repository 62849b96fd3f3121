// Preview benchmark: the time from saving the seed's YAML to the page's event carrying the new slides
// (watcher, rebuild in the warm session, HTML, server-sent event). Not a test: timing goals live here.
// Run after `npm run build`: node bench/preview.js
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startPreview } from '../dist/preview/server.js';

const SEED = 'data/xi-south-korea-visit.yaml';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const TARGET_MS = 100;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];

const dir = mkdtempSync(join(tmpdir(), 'briefdeck-bench-preview-'));
const file = join(dir, 'visit.yaml');
const seed = readFileSync(SEED, 'utf8');
writeFileSync(file, seed);

const server = await startPreview({ file, port: 0 });
const builds = [];
server.onRebuild((e) => builds.push(e.ms));

// one page's event stream, read as the browser's EventSource would
const waiting = [];
let buffer = '';
const url = new URL(`${server.url}events`);
const req = request({ host: url.hostname, port: url.port, path: url.pathname }, (res) => {
  res.setEncoding('utf8');
  res.on('data', (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!event.startsWith('data: ')) continue;
      const state = JSON.parse(event.slice(6));
      for (const w of [...waiting]) if (state.html.includes(w.marker)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.done(performance.now());
      }
    }
  });
});
req.end();
await new Promise((r) => setTimeout(r, 500));

const times = [];
for (let i = 0; i < ROUNDS + 3; i++) {
  const marker = `Bench round ${i}`;
  const seen = new Promise((done) => waiting.push({ marker, done }));
  const t0 = performance.now();
  writeFileSync(file, seed.replace('title: A symbolic restart', `title: ${marker}`));
  const t1 = await seen;
  if (i >= 3) times.push(t1 - t0); // the first saves warm the session
  await new Promise((r) => setTimeout(r, 50));
}
req.destroy();
await server.close();

const serverBuild = builds.slice(-ROUNDS);
console.log(`briefdeck preview bench — Node ${process.version}, ${availableParallelism()} cores, ${ROUNDS} saves of the seed`);
console.log(`save → event with the new slides: median ${median(times).toFixed(1)} ms, p90 ${p90(times).toFixed(1)} ms (target < ${TARGET_MS} ms) ${median(times) < TARGET_MS ? 'OK' : 'OVER'}`);
console.log(`of which rebuild + HTML in the warm session: median ${median(serverBuild)} ms, p90 ${p90(serverBuild)} ms`);
