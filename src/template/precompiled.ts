import type Handlebars from 'handlebars';

export type TemplateSpec = Parameters<typeof Handlebars.template>[0];

/**
 * The built-in templates compiled ahead of time, by `precompiledKey` of their source. Empty here;
 * `npm run build` writes the filled module over dist/template/precompiled.js
 * (scripts/precompile-templates.mjs). Compiling a set at run time took some 45 ms.
 */
export const PRECOMPILED: Readonly<Record<string, () => TemplateSpec>> = {};
