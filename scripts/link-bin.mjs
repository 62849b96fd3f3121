// `npx briefdeck` inside this repository: npm links the bins of a project's dependencies, never the
// project's own, so link it by hand (prepare runs this on npm install and npm ci).
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';

const bin = 'node_modules/.bin';
mkdirSync(bin, { recursive: true });
if (process.platform === 'win32') {
  writeFileSync(`${bin}/briefdeck.cmd`, '@node "%~dp0\\..\\..\\bin\\briefdeck.cjs" %*\r\n');
} else {
  rmSync(`${bin}/briefdeck`, { force: true });
  symlinkSync('../../bin/briefdeck.cjs', `${bin}/briefdeck`);
}
