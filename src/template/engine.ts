import Handlebars from 'handlebars';
import { TemplateError } from '../errors.js';
import { helpers } from './helpers.js';
import { displayPath, type TemplateSet } from './roots.js';

type Compiled = Handlebars.TemplateDelegate;

const COMPILE_OPTIONS = {
  strict: true,
  knownHelpers: Object.fromEntries(Object.keys(helpers).map((k) => [k, true])),
  knownHelpersOnly: true,
} as const;

interface HbError extends Error {
  lineNumber?: number;
  column?: number;
}

function wrap(err: unknown, file: string, what: string): TemplateError {
  if (err instanceof TemplateError) return err;
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
  const parse = /^Parse error on line (\d+)/.exec(raw);
  if (parse) {
    line = Number(parse[1]);
    message = `syntax error: ${raw.split('\n').slice(-1)[0]}`;
  }
  return new TemplateError('TEMPLATE_ERROR', `${message} (while rendering ${what})`, {
    location: { file: displayPath(file), ...(line !== undefined ? { line } : {}), ...(col !== undefined && line !== undefined ? { col } : {}) },
    cause: err,
  });
}

/** One Handlebars environment per build, holding the set's partials and our helpers. */
export class TemplateEngine {
  private readonly hb = Handlebars.create();
  private readonly layouts = new Map<string, { file: string; fn: Compiled }>();
  private what = '';

  constructor(readonly set: TemplateSet) {
    for (const [name, fn] of Object.entries(helpers)) this.hb.registerHelper(name, fn);
    for (const [rel, f] of set.files) {
      const m = /^(layouts|partials)\/(.+)\.hbs$/.exec(rel);
      if (!m) continue;
      const fn = this.compile(f.source, f.path);
      if (m[1] === 'partials') {
        const wrapped = (ctx: unknown, opts?: Handlebars.RuntimeOptions) => {
          try {
            return fn(ctx, opts);
          } catch (err) {
            throw wrap(err, f.path, this.what);
          }
        };
        this.hb.registerPartial(m[2]!, wrapped as unknown as Handlebars.Template);
      } else this.layouts.set(m[2]!, { file: f.path, fn });
    }
  }

  private compile(source: string, file: string): Compiled {
    try {
      // compile() is lazy; precompile() parses now, so syntax errors surface with the file name
      this.hb.precompile(source, COMPILE_OPTIONS);
      return this.hb.compile(source, COMPILE_OPTIONS);
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
      throw new TemplateError('TEMPLATE_NOT_FOUND', `template set "${this.set.name}" has no layout "${layout}" (needed for ${what})`, {
        hint: `add layouts/${layout}.hbs to a template root; layouts here: ${this.layoutNames().join(', ')}`,
      });
    }
    this.what = `layout "${layout}" for ${what}`;
    try {
      return l.fn(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    } catch (err) {
      throw wrap(err, l.file, this.what);
    }
  }
}
