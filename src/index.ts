export { buildDeck, renderDeck, layoutDeck, outputPath, type BuildOptions, type BuildResult, type DeckResult } from './pipeline.js';
export { loadContent } from './content/load.js';
export { parseContent, type ParsedContent, type SourceMap } from './content/parse.js';
export { contentJsonSchema, ContentSchema, type ContentModel, type Section, type Table, type Bullet, type Source, type DeckInfo } from './content/schema.js';
export { loadTemplateSet, builtinSets, type TemplateSet } from './template/roots.js';
export type { Theme } from './template/theme.js';
export type * from './layout/types.js';
export { checkDeck, formatDeckProblem, type DeckProblem, type CheckOptions } from './pptx/check.js';
export * from './errors.js';
