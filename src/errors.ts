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

export type ErrorCode =
  | 'CONTENT_INVALID'
  | 'CONTENT_READ'
  | 'TEMPLATE_NOT_FOUND'
  | 'TEMPLATE_ERROR'
  | 'THEME_INVALID'
  | 'MARKUP_INVALID'
  | 'RENDER_FAILED'
  | 'WRITE_FAILED'
  | 'USAGE';

export interface BriefdeckErrorOptions {
  location?: SourceLocation;
  cause?: unknown;
  hint?: string;
}

/** Every expected failure of the library is one of these; the CLI maps `code` to an exit code. */
export class BriefdeckError extends Error {
  readonly code: ErrorCode;
  readonly location: SourceLocation | undefined;
  readonly hint: string | undefined;
  constructor(code: ErrorCode, message: string, opts: BriefdeckErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.location = opts.location;
    this.hint = opts.hint;
  }
  /** One line, `file:line:col: message`, as the CLI prints it. */
  format(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : '';
    return `${where}${this.message}${this.hint ? ` (${this.hint})` : ''}`;
  }
}

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

/** A content file with one or more problems; all of them are collected before this is thrown. */
export class ContentError extends BriefdeckError {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[], code: 'CONTENT_INVALID' | 'THEME_INVALID' = 'CONTENT_INVALID') {
    const first = problems[0];
    super(code, problems.map(formatProblem).join('\n'), {
      ...(first ? { location: { file: first.file, line: first.line, col: first.col } } : {}),
    });
    this.problems = problems;
  }
  override format(): string {
    return this.message;
  }
}

export class TemplateError extends BriefdeckError {}
export class MarkupError extends BriefdeckError {}
export class RenderError extends BriefdeckError {}
export class WriteError extends BriefdeckError {}
export class UsageError extends BriefdeckError {}

export function exitCodeFor(err: unknown): ExitCode {
  if (!(err instanceof BriefdeckError)) return EXIT.internal;
  switch (err.code) {
    case 'CONTENT_INVALID':
    case 'CONTENT_READ':
    case 'THEME_INVALID':
      return EXIT.content;
    case 'TEMPLATE_NOT_FOUND':
    case 'TEMPLATE_ERROR':
    case 'MARKUP_INVALID':
      return EXIT.template;
    case 'WRITE_FAILED':
      return EXIT.io;
    case 'USAGE':
      return EXIT.usage;
    case 'RENDER_FAILED':
      return EXIT.failure;
  }
}

/** Non-fatal findings (shrinks, splits, stripped characters) that `build` reports. */
export interface Warning {
  code: string;
  message: string;
  location?: SourceLocation;
}
