// The floor rules of .dependency-cruiser.cjs (issue 10): `npm run deps` passes on src/ and fails on a
// copy of src/ with planted violations, one or more per rule, each reported under its rule's name.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/env.js';

const ROOT = resolve('.');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: { name: string; severity: string }[] };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run deps` as CI runs it, in `cwd`, with any extra flags after the script's own. */
function runDeps(cwd: string, ...extra: string[]): Promise<Run> {
  const [bin, ...args] = pkg.scripts['deps']!.split(/\s+/);
  expect(bin).toBe('depcruise');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [DEPCRUISE, ...args, ...extra], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

interface Violation {
  rule: string;
  /** the importing module, then what it imports; for a cycle, the whole way round */
  path: string[];
}

/**
 * The violations as the CI run prints them: `error <rule>: <from> → <to>`, a cycle continuing with one
 * `→`-joined module per line.
 */
function printedViolations(stdout: string): Violation[] {
  const text = stdout.replace(/\x1b\[[0-9;]*m/g, '');
  return [...text.matchAll(/^ {2}error ([\w-]+): ([\s\S]*?)(?=^ {2}error |^\S|^$)/gm)].map((m) => ({
    rule: m[1]!,
    path: m[2]!.split('→').map((s) => s.trim()),
  }));
}

/** A line put at the top of a file in the copy, and what `npm run deps` must report for it. */
interface Plant {
  file: string;
  line: string;
  rule: string;
  /** the reported target; for a package, from `node_modules/` on (a symlinked node_modules resolves elsewhere) */
  to: string;
}

const PLANTS: Plant[] = [
  // upward imports, type-only ones included
  { file: 'src/base/paths.ts', line: "import type { DeckJob } from '../session.js';", rule: 'base-imports-nothing-above', to: 'src/session.ts' },
  { file: 'src/theme/merge.ts', line: "import type { ContentModel } from '../content/schema.js';", rule: 'theme-imports-only-base', to: 'src/content/schema.ts' },
  { file: 'src/fit/text.ts', line: "import type { Package } from '../pptx/package.js';", rule: 'stages-import-nothing-above', to: 'src/pptx/package.ts' },
  { file: 'src/content/load.ts', line: "import type { FitContext } from '../fit/fit.js';", rule: 'content-not-to-later-stages', to: 'src/fit/fit.ts' },
  { file: 'src/template/plan.ts', line: "import type { LayoutTree } from '../layout/types.js';", rule: 'template-not-to-later-stages', to: 'src/layout/types.ts' },
  { file: 'src/layout/parse.ts', line: "import type { FitContext } from '../fit/fit.js';", rule: 'layout-not-to-fit', to: 'src/fit/fit.ts' },
  { file: 'src/pptx/deck.ts', line: "import type { ResolvedOptions } from '../session.js';", rule: 'pptx-imports-nothing-above', to: 'src/session.ts' },
  { file: 'src/api/templates.ts', line: "import type { CliIO } from '../cli/io.js';", rule: 'api-not-to-drivers', to: 'src/cli/io.ts' },
  { file: 'src/cli/main.ts', line: "import type { ParsedContent } from '../content/parse.js';", rule: 'drivers-use-the-api', to: 'src/content/parse.ts' },
  { file: 'src/batch/plan.ts', line: "import type { BuildResult } from '../index.js';", rule: 'not-to-package-entry', to: 'src/index.ts' },
  { file: 'src/index.ts', line: "export type { CliIO } from './cli/io.js';", rule: 'entry-not-to-cli', to: 'src/cli/io.ts' },
  // a cycle within one floor, through a type-only import (fit/fit imports fit/table)
  { file: 'src/fit/table.ts', line: "import type { FitContext } from './fit.js';", rule: 'no-circular', to: 'src/fit/fit.ts' },
  // foreign engines outside their one module
  { file: 'src/pptx/conform.ts', line: "import type PptxGenJS from 'pptxgenjs';", rule: 'pptxgenjs-only-in-pptx-engine', to: 'node_modules/pptxgenjs/types/index.d.ts' },
  { file: 'src/template/helpers.ts', line: "import type { HelperDelegate } from 'handlebars';", rule: 'handlebars-only-in-template-engine', to: 'node_modules/handlebars/lib/index.js' },
  { file: 'src/base/version.ts', line: "import { createRequire } from 'node:module';", rule: 'module-loaders-only-where-needed', to: 'module' },
  // where src/ may reach
  { file: 'src/base/memo.ts', line: "import '../../test/helpers/planted.js';", rule: 'not-to-test', to: 'test/helpers/planted.ts' },
  { file: 'src/base/suggest.ts', line: "import '../../scripts/planted.mjs';", rule: 'src-stays-in-src', to: 'scripts/planted.mjs' },
  { file: 'src/base/hash.ts', line: "import 'cli-progress/lib/formatter.js';", rule: 'no-deep-package-import', to: 'node_modules/cli-progress/lib/formatter.js' },
  { file: 'src/base/write.ts', line: "import '../../node_modules/saxes/saxes.js';", rule: 'no-relative-node-modules', to: 'node_modules/saxes/saxes.js' },
  { file: 'src/base/yaml.ts', line: "import './planted-missing.js';", rule: 'not-to-unresolvable', to: './planted-missing.js' },
  // pako: installed for jszip, not declared in package.json
  { file: 'src/base/unicode.ts', line: "import 'pako';", rule: 'no-non-package-json', to: 'node_modules/pako/' },
  { file: 'src/base/errors.ts', line: "import 'fast-check';", rule: 'not-to-dev-dep', to: 'node_modules/fast-check/' },
];

const fromPackage = (to: string): string => to.replace(/^.*?(node_modules\/)/, '$1');
const key = (rule: string, from: string, to: string): string => `${rule}: ${from} → ${fromPackage(to)}`;

/** A copy of the checkout's src/ and configuration with every plant in it; the real src/ is only read. */
function plantedCopy(): string {
  const dir = tempDir('briefdeck-deps-');
  cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
  for (const f of ['package.json', 'tsconfig.json', '.dependency-cruiser.cjs']) cpSync(join(ROOT, f), join(dir, f));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'test/helpers'), { recursive: true });
  writeFileSync(join(dir, 'test/helpers/planted.ts'), 'export {};\n');
  mkdirSync(join(dir, 'scripts'));
  writeFileSync(join(dir, 'scripts/planted.mjs'), 'export {};\n');
  for (const p of PLANTS) {
    const file = join(dir, p.file);
    writeFileSync(file, `${p.line}\n${readFileSync(file, 'utf8')}`);
  }
  return dir;
}

function srcFiles(dir: string, rel = 'src'): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? srcFiles(dir, `${rel}/${e.name}`) : [`${rel}/${e.name}`]));
}

describe('dependency rules (issue 10)', () => {
  let real: Run;
  let planted: Run;
  let copy: string;
  beforeAll(async () => {
    copy = plantedCopy();
    // two processes side by side: each cruise parses all of src/ with TypeScript
    [real, planted] = await Promise.all([runDeps(ROOT, '--output-type', 'json'), runDeps(copy)]);
  });
  // removes the node_modules link, not what it points to
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('npm test runs the rules before vitest, so CI fails on a violation', () => {
    expect(pkg.scripts['deps']).toBe('depcruise src --config .dependency-cruiser.cjs');
    expect(pkg.scripts['test']).toMatch(/&& npm run deps && vitest run$/);
  });

  it('src/ breaks no rule, with every file and its type-only imports cruised', () => {
    expect(real.stderr).toBe('');
    expect(real.code).toBe(0);
    const report = JSON.parse(real.stdout) as {
      modules: { source: string; dependencies: { resolved: string; dependencyTypes: string[] }[] }[];
      summary: { violations: unknown[] };
    };
    expect(report.summary.violations).toEqual([]);
    expect(report.modules.map((m) => m.source).filter((s) => s.startsWith('src/')).sort()).toEqual(srcFiles(ROOT).sort());
    // tsPreCompilationDeps: an `import type` is an arrow like any other
    const typeOnly = report.modules.flatMap((m) => m.dependencies.filter((d) => d.dependencyTypes.includes('type-only')).map((d) => `${m.source} → ${d.resolved}`));
    expect(typeOnly).toContain('src/fit/measure.ts → src/layout/types.ts');
  });

  it('every rule has a planted violation here, and every rule is an error', () => {
    const names = config.forbidden.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...new Set(PLANTS.map((p) => p.rule))].sort()).toEqual([...names].sort());
    for (const r of config.forbidden) expect(r.severity, r.name).toBe('error');
  });

  it('a planted upward import fails the run, reported by its rule name', () => {
    const found = printedViolations(planted.stdout);
    expect(found.map((v) => key(v.rule, v.path[0]!, v.path[1]!))).toContain('base-imports-nothing-above: src/base/paths.ts → src/session.ts');
    // the exit code is the number of errors, so `npm test` stops here
    expect(planted.code).toBe(found.length);
    expect(planted.stdout).toMatch(new RegExp(`^x ${found.length} dependency violations \\(${found.length} errors, 0 warnings\\)`, 'm'));
  });

  it('each plant is reported under its own rule, and nothing else is reported', () => {
    const found = printedViolations(planted.stdout)
      .filter((v) => v.rule !== 'no-circular')
      .map((v) => {
        expect(v.path).toHaveLength(2);
        return key(v.rule, v.path[0]!, v.path[1]!);
      });
    const expected = PLANTS.filter((p) => p.rule !== 'no-circular').map((p) => key(p.rule, p.file, p.to));
    // which file of a package is reported depends on the resolver's conditions; the package is what matters
    const loose = (k: string) => k.replace(/(node_modules\/[^/]+\/).*$/, '$1');
    expect(found.map(loose).sort()).toEqual(expected.map(loose).sort());
    for (const p of PLANTS.filter((q) => q.rule !== 'no-circular' && !q.to.endsWith('/'))) expect(found).toContain(key(p.rule, p.file, p.to));
  });

  it('the planted type-only cycle is reported, and every cycle reported runs through a planted import', () => {
    const plantedEdges = new Set(PLANTS.map((p) => `${p.file} → ${p.to}`));
    const edges = (v: Violation): string[] => v.path.slice(1).map((to, i) => `${v.path[i]} → ${to}`);
    const cycles = printedViolations(planted.stdout).filter((v) => v.rule === 'no-circular');
    expect(cycles.length).toBeGreaterThan(0);
    for (const v of cycles) {
      expect(v.path.at(-1), v.path.join(' → ')).toBe(v.path[0]);
      expect(edges(v).some((e) => plantedEdges.has(e)), v.path.join(' → ')).toBe(true);
    }
    // reported from either end
    expect(cycles.map((v) => v.path.join(' → '))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^src\/fit\/(fit\.ts → src\/fit\/table\.ts → src\/fit\/fit|table\.ts → src\/fit\/fit\.ts → src\/fit\/table)\.ts$/)]),
    );
  });
});
