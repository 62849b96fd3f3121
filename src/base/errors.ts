/** Exit codes of the CLI; the README lists them. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  content: 3,
  template: 4,
  io: 5,
  internal: 70,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface SourceLocation {
  file: string;
  line?: number;
  col?: number;
}

export function formatLocation(loc: SourceLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) {
    s += `:${loc.line}`;
    if (loc.col !== undefined) s += `:${loc.col}`;
  }
  return s;
}

/** The kind of an expected failure: the one way to tell them apart, and what decides the exit code. */
export const ERROR_CODES = {
  CONTENT_INVALID: EXIT.content,
  CONTENT_READ: EXIT.content,
  THEME_INVALID: EXIT.content,
  TEMPLATE_NOT_FOUND: EXIT.template,
  TEMPLATE_ERROR: EXIT.template,
  MARKUP_INVALID: EXIT.template,
  REFERENCE_INVALID: EXIT.template,
  RENDER_FAILED: EXIT.failure,
  WRITE_FAILED: EXIT.io,
  USAGE: EXIT.usage,
} as const satisfies Record<string, ExitCode>;
export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem in a content or theme file. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  /** YAML path such as `sections[0].tables[1].rows[2]`; empty for the document itself. */
  path: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

export interface BriefdeckErrorOptions {
  location?: SourceLocation;
  cause?: unknown;
  hint?: string;
  /** Every problem of a content or theme file, collected before the error is thrown. */
  problems?: readonly Problem[];
}

/**
 * Every expected failure of the library: `code` says what kind it is, `location` where, `cause`
 * why. An error of a content or theme file carries all of its `problems`.
 */
export class BriefdeckError extends Error {
  readonly code: ErrorCode;
  readonly location: SourceLocation | undefined;
  readonly hint: string | undefined;
  readonly problems: readonly Problem[];

  constructor(code: ErrorCode, message: string, opts: BriefdeckErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'BriefdeckError';
    this.code = code;
    this.location = opts.location;
    this.hint = opts.hint;
    this.problems = opts.problems ?? [];
  }

  /** A content or theme file's problems as one error, located at the first. */
  static ofProblems(problems: readonly Problem[], code: 'CONTENT_INVALID' | 'THEME_INVALID' = 'CONTENT_INVALID'): BriefdeckError {
    const first = problems[0];
    return new BriefdeckError(code, problems.map(formatProblem).join('\n'), {
      problems,
      ...(first ? { location: { file: first.file, line: first.line, col: first.col } } : {}),
    });
  }

  get exitCode(): ExitCode {
    return ERROR_CODES[this.code];
  }

  /** As the CLI prints it: one `file:line:col: message` line, or one line per problem. */
  format(): string {
    if (this.problems.length > 0) return this.message;
    const where = this.location ? `${formatLocation(this.location)}: ` : '';
    return `${where}${this.message}${this.hint ? ` (${this.hint})` : ''}`;
  }

  /** What crosses a worker boundary: kind, location, problems and display text, intact. */
  toJSON(): ErrorRecord {
    return {
      code: this.code,
      message: this.message,
      ...(this.location ? { location: this.location } : {}),
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.problems.length ? { problems: this.problems } : {}),
      display: this.format(),
      exitCode: this.exitCode,
    };
  }

  static fromJSON(r: ErrorRecord): BriefdeckError | ErrorRecord {
    if (r.code === 'INTERNAL') return r;
    return new BriefdeckError(r.code, r.message, { ...(r.location ? { location: r.location } : {}), ...(r.hint ? { hint: r.hint } : {}), ...(r.problems ? { problems: r.problems } : {}) });
  }
}

/** An error as plain data: structured-clone safe, for worker messages and the build report. */
export interface ErrorRecord {
  /** An ErrorCode, or INTERNAL for a bug. */
  code: ErrorCode | 'INTERNAL';
  message: string;
  location?: SourceLocation;
  hint?: string;
  problems?: readonly Problem[];
  /** As the CLI prints it, without the `error: ` prefix. */
  display: string;
  exitCode: ExitCode;
  /** The stack of an internal error, for --debug. */
  stack?: string;
  /** An expected error's causes, innermost last, each with its stack: what --debug shows. */
  causes?: string[];
}

/** Any thrown value as a record: expected failures keep their kind; anything else is INTERNAL. */
export function toErrorRecord(err: unknown): ErrorRecord {
  if (err instanceof BriefdeckError) {
    const causes: string[] = [];
    for (let c: unknown = err.cause; c !== undefined && causes.length < 10; c = c instanceof Error ? c.cause : undefined) {
      causes.push(c instanceof Error ? (c.stack ?? c.message) : String(c));
    }
    return { ...err.toJSON(), ...(causes.length ? { causes } : {}) };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return { code: 'INTERNAL', message: e.message, display: `internal error: ${e.message}`, exitCode: EXIT.internal, ...(e.stack ? { stack: e.stack } : {}) };
}

export function exitCodeFor(err: unknown): ExitCode {
  return err instanceof BriefdeckError ? err.exitCode : EXIT.internal;
}

/** Non-fatal findings (shrinks, splits, stripped characters) that `build` reports. */
export interface Warning {
  code: string;
  message: string;
  location?: SourceLocation;
}
