/**
 * A helper as Handlebars calls it: the template's arguments, then its options object. Declared here
 * rather than taken from Handlebars' types, which only template/engine.ts imports.
 */
export type Helper = (...args: unknown[]) => unknown;

/** Helpers every template may use; TEMPLATES.md documents each. */
export const helpers: Record<string, Helper> = {
  /** `{{#if (eq a b)}}` */
  eq: (a: unknown, b: unknown) => a === b,
  /** `{{add index 1}}`: sums numbers, for positions and numbering. */
  add: (...args: unknown[]) => args.slice(0, -1).reduce<number>((s, v) => s + Number(v), 0),
  /** `{{mul a b}}`: product, for positions. */
  mul: (...args: unknown[]) => args.slice(0, -1).reduce<number>((s, v) => s * Number(v), 1),
  /** `{{#if (lte a b)}}`: numeric comparison. */
  lte: (a: unknown, b: unknown) => Number(a) <= Number(b),
  /** `{{len list}}`: length of a list or string. */
  len: (v: unknown) => (Array.isArray(v) || typeof v === 'string' ? v.length : 0),
  /** `{{upper s}}` */
  upper: (s: unknown) => String(s ?? '').toUpperCase(),
  /**
   * `{{#each (paragraphs text)}}`: split on blank lines; text with none (a YAML `>` block, where an
   * empty line folds to one newline) splits on newlines.
   */
  paragraphs: (s: unknown) => {
    const text = String(s ?? '');
    const parts = /\n\s*\n/.test(text) ? text.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ')) : text.split('\n');
    return parts.map((p) => p.trim()).filter(Boolean);
  },
  /** `{{default value "fallback"}}` */
  default: (v: unknown, fallback: unknown) => (v === null || v === undefined || v === '' ? fallback : v),
  /** `{{join list ", "}}` */
  join: (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''),
};
