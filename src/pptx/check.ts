import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { type Package, PackageTooLarge, readPackage } from './package.js';
import { detectEastAsian } from '../base/unicode.js';
import { plural } from '../base/words.js';

/** One finding of `check`: a part, a line in it when known, and what is wrong. */
export interface DeckProblem {
  part: string;
  line?: number;
  rule: string;
  message: string;
}

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

const lineAt = (xml: string, offset: number) => {
  let line = 1;
  for (let i = 0; i < offset && i < xml.length; i++) if (xml.charCodeAt(i) === 10) line++;
  return line;
};

type Rule = (name: string, xml: string) => DeckProblem[];

function matches(name: string, xml: string, re: RegExp, rule: string, message: (m: RegExpExecArray) => string | undefined): DeckProblem[] {
  const out: DeckProblem[] = [];
  for (const m of xml.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))) {
    const msg = message(m as RegExpExecArray);
    if (msg) out.push({ part: name, line: lineAt(xml, m.index ?? 0), rule, message: msg });
  }
  return out;
}

const slideLike = /^ppt\/(slides|slideLayouts|slideMasters|notesSlides|notesMasters)\/[^/]+\.xml$/;

/** Known PowerPoint repair triggers in pptxgenjs output, by part. */
const PART_RULES: { applies: RegExp; rule: Rule }[] = [
  {
    applies: slideLike,
    rule: (n, x) => matches(n, x, /<p:sp>((?:(?!<\/p:sp>)[\s\S])*)<\/p:sp>/, 'sp-without-txbody', (m) => (m[1]!.includes('<p:txBody>') || m[1]!.includes('<p:ph type="sldImg"') ? undefined : 'p:sp has no p:txBody; PowerPoint adds one on repair (PptxGenJS #1441)')),
  },
  {
    applies: slideLike,
    rule: (n, x) => matches(n, x, /<p:bgPr>((?:(?!<\/p:bgPr>)[\s\S])*)<\/p:bgPr>/, 'background-effects', (m) => (/<a:effect(Lst|Dag)/.test(m[1]!) ? undefined : 'p:bgPr has no a:effectLst; PowerPoint adds one on repair (PptxGenJS #1442)')),
  },
  {
    applies: /\.xml$/,
    rule: (n, x) => matches(n, x, / ([a-zA-Z:]+)="(NaN|-?Infinity|undefined)"/, 'nan-attribute', (m) => `attribute ${m[1]}="${m[2]}" is not a number (PptxGenJS #1440)`),
  },
  {
    applies: slideLike,
    rule: (n, x) => matches(n, x, /<a:ext cx="(-?\d+)" cy="(-?\d+)"/, 'negative-extent', (m) => (Number(m[1]) < 0 || Number(m[2]) < 0 ? `a:ext has a negative size (cx=${m[1]}, cy=${m[2]})` : undefined)),
  },
  {
    applies: slideLike,
    rule: (n, x) => matches(n, x, /<a:tcPr[^>]* anchor="mid"/, 'cell-anchor-mid', () => 'table cell anchor="mid" is not a valid anchor; use "ctr"'),
  },
  {
    applies: slideLike,
    rule: (n, x) => matches(n, x, /<a:ln><\/a:ln>|<a:ln\/>/, 'empty-line', () => 'empty a:ln; PowerPoint may repair it (say a:noFill for no line)'),
  },
  {
    applies: slideLike,
    rule: (n, x) => matches(n, x, /prst="(oval|roundedRectangle)"/, 'preset-name', (m) => `prst="${m[1]}" is not a preset shape (PptxGenJS #1449)`),
  },
  {
    applies: /^ppt\/notesMasters\/[^/]+\.xml$/,
    rule: (n, x) => matches(n, x, /<p:ph type="([a-zA-Z]+)"/, 'notes-master-placeholder', (m) => `notes master placeholder "${m[1]}"; PowerPoint deletes these on repair (PptxGenJS #1443)`),
  },
  {
    applies: slideLike,
    rule: (n, x) => {
      const seen = new Map<string, number>();
      return matches(n, x, /<p:cNvPr id="([^"]*)"/, 'duplicate-id', (m) => {
        const c = (seen.get(m[1]!) ?? 0) + 1;
        seen.set(m[1]!, c);
        return c === 2 ? `shape id ${m[1]} is used more than once in this part (PptxGenJS #1532)` : undefined;
      });
    },
  },
  {
    applies: slideLike,
    rule: (n, x) =>
      matches(n, x, /<a:r>(<a:rPr[^>]*?(?:\/>|>[\s\S]*?<\/a:rPr>))?<a:t>([^<]*)<\/a:t><\/a:r>/, 'east-asian-run', (m) => {
        const script = detectEastAsian(m[2]!);
        if (!script) return undefined;
        const rPr = m[1] ?? '';
        const lang = /lang="([^"]*)"/.exec(rPr)?.[1] ?? '';
        if (!/^(ko|zh|ja)/.test(lang)) return `run in ${script === 'ko' ? 'Korean' : script === 'ja' ? 'Japanese' : 'Chinese'} has lang="${lang}"; it needs an East Asian lang and ea font or viewers may show empty boxes`;
        if (!/<a:ea typeface="[^"]+"/.test(rPr)) return 'East Asian run has no a:ea font';
        return undefined;
      }),
  },
];

/** Characters XML 1.0 forbids, raw or as character references. */
function illegalCharacters(name: string, xml: string): DeckProblem[] {
  const out: DeckProblem[] = [];
  const re = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|&#(?:x0*([0-8bcefBCEF]|1[0-9a-fA-F])|0*([0-8]|1[1-24-9]|2[0-9]|3[01]));/g;
  for (const m of xml.matchAll(re)) {
    const cp = m[0].startsWith('&#') ? (m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2])) : m[0].charCodeAt(0);
    out.push({
      part: name,
      line: lineAt(xml, m.index ?? 0),
      rule: 'illegal-character',
      message: `XML-illegal character U+${cp.toString(16).toUpperCase().padStart(4, '0')}; PowerPoint asks to repair and LibreOffice drops the slide's content`,
    });
  }
  return out;
}

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

const ext = (n: string) => n.slice(n.lastIndexOf('.') + 1).toLowerCase();

function packageRules(pkg: Package): DeckProblem[] {
  const out: DeckProblem[] = [];
  const ctName = '[Content_Types].xml';
  if (!pkg.has(ctName)) return [{ part: ctName, rule: 'content-types', message: 'the package has no [Content_Types].xml' }];
  const ct = pkg.xml(ctName);
  const overrides = new Set<string>();
  for (const m of ct.matchAll(/<Override PartName="\/([^"]+)"/g)) {
    overrides.add(m[1]!);
    if (!pkg.has(m[1]!)) out.push({ part: ctName, line: lineAt(ct, m.index ?? 0), rule: 'override-missing-part', message: `override names /${m[1]}, which does not exist (PptxGenJS #1444)` });
  }
  const defaults = new Set<string>();
  const used = new Set(pkg.names().map(ext));
  for (const m of ct.matchAll(/<Default Extension="([^"]+)"/g)) {
    defaults.add(m[1]!.toLowerCase());
    if (!used.has(m[1]!.toLowerCase())) out.push({ part: ctName, line: lineAt(ct, m.index ?? 0), rule: 'unused-default', message: `content-type default for .${m[1]}, which no part uses (PptxGenJS #1449)` });
  }
  for (const name of pkg.names()) {
    if (name === ctName) continue;
    if (!overrides.has(name) && !defaults.has(ext(name))) out.push({ part: name, rule: 'no-content-type', message: 'part has no content type' });
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
  const nmRels = 'ppt/notesMasters/_rels/notesMaster1.xml.rels';
  const smRels = 'ppt/slideMasters/_rels/slideMaster1.xml.rels';
  if (pkg.has(nmRels) && pkg.has(smRels)) {
    const theme = (x: string) => /Target="([^"]*theme[^"]*)"/.exec(x)?.[1];
    const t = theme(pkg.xml(nmRels));
    if (t && t === theme(pkg.xml(smRels))) out.push({ part: nmRels, rule: 'shared-theme', message: `notes master shares ${t} with the slide master; PowerPoint gives it its own (PptxGenJS #1449)` });
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
    const illegal = illegalCharacters(name, xml);
    const malformed = wellFormed(name, xml);
    problems.push(...illegal, ...(illegal.length ? [] : malformed));
    if (illegal.length || malformed.length) {
      broken.add(name);
      continue;
    }
    for (const r of PART_RULES) if (r.applies.test(name)) problems.push(...r.rule(name, xml));
  }
  problems.push(...packageRules(pkg));
  if (opts.schemas !== false) problems.push(...(await schemaProblems(pkg, opts.schemaDir ?? DEFAULT_SCHEMA_DIR, broken)));
  const order = (p: DeckProblem) => `${p.part}\u0000${String(p.line ?? 0).padStart(8, '0')}`;
  return problems.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

export function formatDeckProblem(deck: string, p: DeckProblem): string {
  return `${deck}: ${p.part || '(package)'}${p.line ? `:${p.line}` : ''}: ${p.message}`;
}
