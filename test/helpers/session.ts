import { BuildSession, type SessionOptions } from '../../src/session.js';
import type { ParsedContent } from '../../src/content/parse.js';
import type { TemplateSet } from '../../src/template/roots.js';

/** A template set as a build would load it: a built-in set name, a folder, or the default. */
export const templateSet = (template?: string): TemplateSet => BuildSession.create().templateSet(undefined, template);

/** Layout, fit and render in a session of its own (a cold build), or in `session` (a warm one). */
export function renderDeck(content: ParsedContent, set: TemplateSet, opts: SessionOptions & { session?: BuildSession } = {}) {
  return (opts.session ?? BuildSession.create(opts)).render(content, set);
}

export function layoutDeck(content: ParsedContent, set: TemplateSet) {
  return BuildSession.create().layout(content, set);
}
