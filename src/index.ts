// The package entry: the API (a build session, and the stages' public types) and the batch driver.
// Nothing in src/ imports this file; drivers import the API modules below it.
export * from './base/errors.js';
/** The options of `buildDeck`, as they were called before the build session. */
export type { SessionOptions as BuildOptions } from './session.js';
export { BuildSession, buildDeck, documentDate, outputPath, resolveOptions, type BuildResult, type DeckJob, type DeckResult, type ResolvedOptions, type SessionOptions } from './session.js';
export { contentJsonSchema, isManifest, loadContent, manifestJsonSchema, parseManifest, type Manifest, type Meeting, type Overrides } from './api/content.js';
export { checkDeck, formatDeckProblem, type CheckOptions, type DeckProblem } from './api/check.js';
export { ejectSet, listSets } from './api/templates.js';
export { parseContent, type ParsedContent, type SourceMap } from './content/parse.js';
export { ContentSchema, type Bullet, type ContentModel, type DeckInfo, type Section, type Source, type Table } from './content/schema.js';
export { builtinSets, type TemplateSet } from './template/roots.js';
export type { Theme } from './theme/schema.js';
export type * from './layout/types.js';
export { buildBatch, type BatchOptions, type BatchReport } from './batch/run.js';
export type { JobResult } from './batch/job.js';
export { planBuild, shard, type Job } from './batch/plan.js';
