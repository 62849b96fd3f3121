// What fitting costs, in its own process through the public API: layout, fit and render of distinct
// decks (parsed beforehand), with fitting and without, alternating round by round. Each round starts
// a fresh session, so nothing one round computed helps the next; the decks differ in every string,
// so nothing one deck computed helps another.
//   node bench/fitting.js <rounds> <content file>…   prints {"fit":[ms per deck…],"noFit":[…]}
import { BuildSession } from '../dist/index.js';

const [roundsArg, ...files] = process.argv.slice(2);
const rounds = Number(roundsArg);
const loader = BuildSession.create();
const decks = [];
for (const f of files) decks.push({ content: await loader.content(f), set: loader.templateSet(f) });

async function pass(fit) {
  const session = BuildSession.create({ fit });
  const t = performance.now();
  for (const d of decks) await session.render(d.content, d.set);
  return (performance.now() - t) / decks.length;
}

await pass(true);
await pass(false);
const out = { fit: [], noFit: [] };
for (let r = 0; r < rounds; r++) {
  for (const fit of r % 2 ? [false, true] : [true, false]) out[fit ? 'fit' : 'noFit'].push(await pass(fit));
}
console.log(JSON.stringify(out));
