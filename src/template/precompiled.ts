/**
 * A template spec as `Handlebars.precompile` emits it, opaque here: only template/engine.ts, the one
 * module that imports Handlebars, reads it.
 */
export type TemplateSpec = object;

/**
 * The built-in templates compiled ahead of time, by `precompiledKey` of their source. Empty here;
 * `npm run build` writes the filled module over dist/template/precompiled.js
 * (scripts/precompile-templates.mjs). Compiling a set at run time was a large part of a cold build.
 */
export const PRECOMPILED: Readonly<Record<string, () => TemplateSpec>> = {};
