import Handlebars from 'handlebars';
import { displayPath } from '../base/paths.js';
import { createHash } from 'node:crypto';
import { BriefdeckError } from '../base/errors.js';
import { helpers } from './helpers.js';
import { PRECOMPILED, type TemplateSpec } from './precompiled.js';
import {type TemplateSet} from './roots.js';

type Compiled = Handlebars.TemplateDelegate;

// frozen: Handlebars adds to the options object it is given, which would change precompiledKey
export const COMPILE_OPTIONS = Object.freeze({
  strict: true,
  knownHelpers: Object.freeze(Object.fromEntries(Object.keys(helpers).map((k) => [k, true]))),
  knownHelpersOnly: true,
} as const);

/** What a precompiled template is filed under: the source, the compiler and its options. */
export function precompiledKey(source: string): string {
  return createHash('sha256').update(`${Handlebars.VERSION}\u0000${JSON.stringify(COMPILE_OPTIONS)}\u0000${source}`).digest('base64');
}

interface HbError extends Error {
  lineNumber?: number;
  column?: number;
}

/** Thrown by a strict context when a template reads a name it does not have. */
class UnknownVariable extends Error {
  constructor(
    readonly variable: string,
    proto = false,
  ) {
    super(proto ? `"${variable}" is not allowed: templates cannot reach prototype properties` : `unknown variable "${variable}"`);
  }
}

// read by JavaScript or Handlebars itself (string conversion, escaping), never by a template's name
const ALWAYS = new Set(['length', 'toJSON', 'then', 'toHTML', 'valueOf', 'toString']);

/**
 * Wrap the context so that reading a name it lacks throws, even inside `{{#if}}` or a helper's
 * arguments, where Handlebars' own strict mode lets a typo pass as blank. Optional values are
 * present as null, so an empty field is never mistaken for a typo.
 */
export function strictContext<T>(value: T, seen = new WeakMap<object, unknown>()): T {
  if (value === null || typeof value !== 'object') return value;
  const cached = seen.get(value as object);
  if (cached) return cached as T;
  const proxy = new Proxy(value as object, {
    get(target, key, receiver) {
      // prototype members are never template data (Handlebars' prototype access stays off)
      if (typeof key === 'string' && !ALWAYS.has(key) && !Object.prototype.hasOwnProperty.call(target, key) && key in Object.prototype) throw new UnknownVariable(key, true);
      if (typeof key === 'symbol' || key in target || ALWAYS.has(key)) {
        const v = Reflect.get(target, key, receiver) as unknown;
        return typeof key === 'symbol' ? v : strictContext(v, seen);
      }
      // numeric keys past the end of a list are a template's own business (`{{#if list.[3]}}`)
      if (Array.isArray(target) && /^\d+$/.test(key)) return undefined;
      throw new UnknownVariable(key);
    },
  });
  seen.set(value as object, proxy);
  return proxy as T;
}

/** First line and column where a template mentions `name` as a path segment. */
function findMention(source: string, name: string): { line: number; col: number } | undefined {
  let found: { line: number; col: number } | undefined;
  const visit = (node: unknown): void => {
    if (found || node === null || typeof node !== 'object') return;
    const n = node as { type?: string; parts?: string[]; loc?: { start: { line: number; column: number } } };
    if (n.type === 'PathExpression' && n.parts?.includes(name) && n.loc) {
      found = { line: n.loc.start.line, col: n.loc.start.column + 1 };
      return;
    }
    for (const v of Object.values(node)) {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object' && v !== n.loc) visit(v);
    }
  };
  try {
    visit(Handlebars.parse(source));
  } catch {
    // a template that does not parse was reported when it was compiled
  }
  return found;
}

function wrap(err: unknown, file: string, what: string, source?: string): BriefdeckError {
  if (err instanceof BriefdeckError) return err;
  if (err instanceof UnknownVariable) {
    const at = source ? findMention(source, err.variable) : undefined;
    return new BriefdeckError('TEMPLATE_ERROR', `${err.message} (while rendering ${what})`, {
      location: { file: displayPath(file), ...(at ?? {}) },
      cause: err,
    });
  }
  const e = err as HbError;
  const raw = e instanceof Error ? e.message : String(err);
  let message = raw.split('\n')[0]!.replace(/ - \d+:\d+$/, '');
  const notDefined = /^"(.+)" not defined in/.exec(message);
  if (notDefined) message = `unknown variable "${notDefined[1]}"`;
  const helper = /unknown helper (\S+)/.exec(message);
  if (helper) message = `unknown helper "${helper[1]}"; known helpers: ${Object.keys(helpers).join(', ')}`;
  const partial = /The partial (\S+) could not be found/.exec(message);
  if (partial) message = `unknown partial "${partial[1]}"`;
  let line = e.lineNumber;
  let col = e.column === undefined ? undefined : e.column + 1;
  // Handlebars gives no position for a missing partial; find where the template names it
  const at = partial && source ? findMention(source, partial[1]!) : undefined;
  if (at) ({ line, col } = at);
  const parse = /^Parse error on line (\d+)/.exec(raw);
  if (parse) {
    line = Number(parse[1]);
    message = `syntax error: ${raw.split('\n').slice(-1)[0]}`;
  }
  return new BriefdeckError('TEMPLATE_ERROR', `${message} (while rendering ${what})`, {
    location: { file: displayPath(file), ...(line !== undefined ? { line } : {}), ...(col !== undefined && line !== undefined ? { col } : {}) },
    cause: err,
  });
}

/** One Handlebars environment per build, holding the set's partials and our helpers. */
export class TemplateEngine {
  private readonly hb = Handlebars.create();
  private readonly layouts = new Map<string, { file: string; fn: Compiled; source: string }>();
  private what = '';

  constructor(
    readonly set: TemplateSet,
    private readonly precompiled: Readonly<Record<string, () => TemplateSpec>> = PRECOMPILED,
  ) {
    for (const [name, fn] of Object.entries(helpers)) this.hb.registerHelper(name, fn);
    for (const [rel, f] of set.files) {
      const m = /^(layouts|partials)\/(.+)\.hbs$/.exec(rel);
      if (!m) continue;
      const fn = this.compile(f.source, f.path);
      if (m[1] === 'partials') {
        const wrapped = (ctx: unknown, opts?: Handlebars.RuntimeOptions) => {
          try {
            return fn(strictContext(ctx), opts);
          } catch (err) {
            throw wrap(err, f.path, this.what, f.source);
          }
        };
        this.hb.registerPartial(m[2]!, wrapped as unknown as Handlebars.Template);
      } else this.layouts.set(m[2]!, { file: f.path, fn, source: f.source });
    }
  }

  private compile(source: string, file: string): Compiled {
    const spec = this.precompiled[precompiledKey(source)];
    if (spec) return this.hb.template(spec());
    try {
      // parse and run the compiler's first pass now, so syntax errors and unknown helpers surface with
      // the file name even in a layout no deck uses; compile() generates the code on first use
      const ast = this.hb.parseWithoutProcessing(source);
      // Compiler is on the environment at run time but not in Handlebars' types
      const { Compiler } = this.hb as unknown as { Compiler: new () => { compile(program: unknown, options: object): unknown } };
      new Compiler().compile(ast, { ...COMPILE_OPTIONS, knownHelpers: { ...COMPILE_OPTIONS.knownHelpers } });
      return this.hb.compile(ast, COMPILE_OPTIONS);
    } catch (err) {
      throw wrap(err, file, `template ${displayPath(file)}`);
    }
  }

  hasLayout(name: string): boolean {
    return this.layouts.has(name);
  }

  layoutNames(): string[] {
    return [...this.layouts.keys()].sort();
  }

  layoutFile(name: string): string {
    return this.layouts.get(name)?.file ?? name;
  }

  /** Render one layout; `what` names the content being rendered, for error messages. */
  render(layout: string, context: object, what: string): string {
    const l = this.layouts.get(layout);
    if (!l) {
      throw new BriefdeckError('TEMPLATE_NOT_FOUND', `template set "${this.set.name}" has no layout "${layout}" (needed for ${what})`, {
        hint: `add layouts/${layout}.hbs to a template root; layouts here: ${this.layoutNames().join(', ')}`,
      });
    }
    this.what = `layout "${layout}" for ${what}`;
    try {
      return l.fn(strictContext(context), { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    } catch (err) {
      throw wrap(err, l.file, this.what, l.source);
    }
  }
}
