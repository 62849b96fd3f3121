// The API for drivers that read content and manifests without building (plan, validate).
export { loadContent, looksLikeText, readPrefix } from '../content/load.js';
export { decodeText, isUtf16 } from '../base/yaml.js';
export { isManifest, manifestJsonSchema, parseManifest, type Manifest, type Meeting } from '../content/manifest.js';
export type { Overrides } from '../content/overrides.js';
export { contentJsonSchema } from '../content/schema.js';
