/**
 * A template spec as `Handlebars.precompile` emits it, opaque here: only template/engine.ts, the one
 * module that imports Handlebars, reads it.
 */
export type TemplateSpec = object;

/**
 * The built-in templates compiled ahead of time, by `precompiledKey` of their source. Empty here;
 * `npm run build` writes the filled module over dist/template/precompiled.js
 * (scripts/precompile-templates.mjs). Compiling a set at run time took some 45 ms.
 */
export const PRECOMPILED: Readonly<Record<string, () => TemplateSpec>> = {};
