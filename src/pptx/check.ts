import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { CONTENT_TYPES, ext, illegalCharacter, lineAt, PACKAGE_DEFECTS, PART_DEFECTS, type DeckProblem } from './defects/index.js';
import { accessibilityFindings } from './a11y.js';
import { dtdParts, type Package, PackageTooLarge, readPackage } from './package.js';
import { plural } from '../base/words.js';

export type { DeckProblem };

export interface CheckOptions {
  /** Folder with `pml/` and `opc/` schemas; default: the copy shipped in schema/ooxml. */
  schemaDir?: string;
  /** Skip XSD validation (faster); package rules and known triggers still run. */
  schemas?: boolean;
  /** Most bytes the XML parts may unpack to together (default 256 MiB); more is a `zip-size` problem. */
  maxBytes?: number;
}

/** A deck's XML is a few MiB even with thousands of table rows; media are not unpacked at all. */
const MAX_XML_BYTES = 256 * 2 ** 20;

export const DEFAULT_SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../schema/ooxml');

function wellFormed(name: string, xml: string): DeckProblem[] {
  const parser = new SaxesParser({ position: true });
  const out: DeckProblem[] = [];
  parser.on('error', (e) => {
    if (out.length === 0) out.push({ part: name, line: parser.line, rule: 'malformed-xml', message: `not well-formed XML: ${e.message.replace(/^[^:]*:\d+:\d+: /, '')}` });
  });
  try {
    parser.write(xml).close();
  } catch {
    // reported through the error handler
  }
  return out;
}

/** OPC rules any package must keep, whoever wrote it. */
function packageRules(pkg: Package): DeckProblem[] {
  const out: DeckProblem[] = [];
  if (!pkg.has(CONTENT_TYPES)) return [{ part: CONTENT_TYPES, rule: 'content-types', message: 'the package has no [Content_Types].xml' }];
  const ct = pkg.xml(CONTENT_TYPES);
  const overrides = new Set([...ct.matchAll(/<Override PartName="\/([^"]+)"/g)].map((m) => m[1]!));
  const defaults = new Set([...ct.matchAll(/<Default Extension="([^"]+)"/g)].map((m) => m[1]!.toLowerCase()));
  for (const name of pkg.names()) {
    if (name === CONTENT_TYPES) continue;
    if (!overrides.has(name) && !defaults.has(ext(name))) out.push({ part: name, rule: 'no-content-type', message: 'part has no content type' });
  }
  for (const { part, at } of dtdParts(pkg)) {
    out.push({ part, line: lineAt(pkg.xml(part), at), rule: 'dtd', message: 'the part declares a DTD (<!DOCTYPE), which Open Packaging Conventions forbid (ECMA-376 Part 2, M1.18)' });
  }
  for (const rels of pkg.names().filter((n) => n.endsWith('.rels'))) {
    const xml = pkg.xml(rels);
    // _rels/x.xml.rels describes x.xml; targets are relative to x.xml's folder
    const base = rels === '_rels/.rels' ? '' : posix.dirname(rels.replace(/(^|\/)_rels\/([^/]+)\.rels$/, '$1$2'));
    for (const m of xml.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
      const attrs = m[1]!;
      if (/TargetMode="External"/.test(attrs)) continue;
      const target = /Target="([^"]*)"/.exec(attrs)?.[1];
      if (target === undefined) continue;
      const resolved = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(base === '.' ? '' : base, target)).replace(/^\.\//, '');
      if (!pkg.has(resolved)) out.push({ part: rels, line: lineAt(xml, m.index ?? 0), rule: 'missing-target', message: `relationship target ${target} does not exist` });
    }
  }
  if (pkg.stored.size > 0) {
    const first = [...pkg.stored].sort()[0]!;
    out.push({ part: first, rule: 'stored', message: `${plural(pkg.stored.size, 'part')} stored without compression; decks are about 3× larger than they need be` });
  }
  return out;
}

interface SchemaSet {
  schema: string;
  dir: 'pml' | 'opc';
  parts: RegExp;
}

const SCHEMAS: SchemaSet[] = [
  { schema: 'pml.xsd', dir: 'pml', parts: /^ppt\/(presentation|presProps|viewProps|commentAuthors)\.xml$|^ppt\/(slides|slideLayouts|slideMasters|notesSlides|notesMasters|handoutMasters|comments)\/[^/]+\.xml$/ },
  { schema: 'dml-main.xsd', dir: 'pml', parts: /^ppt\/theme\/[^/]+\.xml$|^ppt\/tableStyles\.xml$/ },
  { schema: 'dml-chart.xsd', dir: 'pml', parts: /^ppt\/charts\/chart[^/]*\.xml$/ },
  { schema: 'shared-documentPropertiesExtended.xsd', dir: 'pml', parts: /^docProps\/app\.xml$/ },
  { schema: 'opc-contentTypes.xsd', dir: 'opc', parts: /^\[Content_Types\]\.xml$/ },
  { schema: 'opc-relationships.xsd', dir: 'opc', parts: /\.rels$/ },
];

const schemaFiles = new Map<string, { fileName: string; contents: string }[]>();
function loadSchemaDir(dir: string): { fileName: string; contents: string }[] {
  let files = schemaFiles.get(dir);
  if (!files) {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.xsd'))
      .map((f) => ({ fileName: f, contents: readFileSync(join(dir, f), 'utf8') }));
    schemaFiles.set(dir, files);
  }
  return files;
}

async function schemaProblems(pkg: Package, schemaDir: string, skip: Set<string>): Promise<DeckProblem[]> {
  // through require: the CLI bundle is CommonJS (scripts/bundle.mjs), and this package is too
  const { validateXML } = createRequire(import.meta.url)('xmllint-wasm') as typeof import('xmllint-wasm');
  const out: DeckProblem[] = [];
  await Promise.all(
    SCHEMAS.map(async (s) => {
      const parts = pkg.names().filter((n) => s.parts.test(n) && !skip.has(n));
      if (parts.length === 0) return;
      const files = loadSchemaDir(join(schemaDir, s.dir));
      const main = files.find((f) => f.fileName === s.schema);
      if (!main) throw new Error(`schema ${s.schema} not found in ${join(schemaDir, s.dir)}`);
      // xmllint treats some characters in names specially; map parts to plain names
      const alias = new Map(parts.map((p, i) => [`part${i}.xml`, p]));
      const result = await validateXML({
        xml: parts.map((p, i) => ({ fileName: `part${i}.xml`, contents: pkg.xml(p) })),
        schema: [main],
        preload: files.filter((f) => f !== main),
        maxMemoryPages: 16384,
      });
      for (const e of result.errors) {
        const part = e.loc ? alias.get(e.loc.fileName) : undefined;
        if (!part || / fails to validate$/.test(e.message)) continue;
        out.push({
          part,
          ...(e.loc?.lineNumber ? { line: e.loc.lineNumber } : {}),
          rule: 'schema',
          message: `${s.schema}: ${e.message.replace(/^.*?Schemas validity error : /, '').replace(/\{http:\/\/schemas\.openxmlformats\.org\/[^}]+\}/g, '')}`,
        });
      }
    }),
  );
  return out;
}

/** Inspect any .pptx for schema errors, package-rule violations and known repair triggers. */
export async function checkDeck(data: Uint8Array, opts: CheckOptions = {}): Promise<DeckProblem[]> {
  let pkg: Package;
  try {
    pkg = await readPackage(data, { xmlOnly: true, maxBytes: opts.maxBytes ?? MAX_XML_BYTES });
  } catch (err) {
    if (err instanceof PackageTooLarge) {
      return [{ part: err.part, rule: 'zip-size', message: `unpacks to ${plural(Math.ceil(err.bytes / 2 ** 20), 'MiB', 'MiB')}, and the XML parts may take ${err.limit / 2 ** 20} MiB in all: a zip bomb, or far more than a deck holds` }];
    }
    return [{ part: '', rule: 'zip', message: `not a .pptx (zip) package: ${(err as Error).message}` }];
  }
  const problems: DeckProblem[] = [];
  const broken = new Set<string>();
  for (const name of pkg.xmlParts()) {
    const xml = pkg.xml(name);
    // an illegal character makes a part malformed too: report the cause, not both
    const illegal = illegalCharacter.detect(name, xml);
    const malformed = wellFormed(name, xml);
    problems.push(...illegal, ...(illegal.length ? [] : malformed));
    if (illegal.length || malformed.length) {
      broken.add(name);
      continue;
    }
    for (const d of PART_DEFECTS) if (d !== illegalCharacter && d.parts.test(name)) problems.push(...d.detect(name, xml));
  }
  for (const d of PACKAGE_DEFECTS) problems.push(...d.detect(pkg));
  problems.push(...packageRules(pkg));
  if (broken.size === 0) problems.push(...accessibilityFindings(pkg));
  if (opts.schemas !== false) problems.push(...(await schemaProblems(pkg, opts.schemaDir ?? DEFAULT_SCHEMA_DIR, broken)));
  const order = (p: DeckProblem) => `${p.part}\u0000${String(p.line ?? 0).padStart(8, '0')}`;
  return problems.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

export function formatDeckProblem(deck: string, p: DeckProblem): string {
  return `${deck}: ${p.part || '(package)'}${p.line ? `:${p.line}` : ''}: ${p.class === 'accessibility' ? `accessibility (${p.rule}): ` : ''}${p.message}`;
}
