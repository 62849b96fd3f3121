// The API for drivers that read content and manifests without building (plan, validate, preview).
import { dirname, resolve } from 'node:path';
import { BriefdeckError, type SourceLocation } from '../base/errors.js';
import { displayPath, realInside } from '../base/paths.js';
import { parseManifest } from '../content/manifest.js';
import type { Overrides } from '../content/overrides.js';
export { loadContent, looksLikeText, readPrefix } from '../content/load.js';
export { decodeText, isUtf16 } from '../base/yaml.js';
export { isManifest, manifestJsonSchema, parseManifest, type Manifest, type Meeting } from '../content/manifest.js';
export type { Overrides } from '../content/overrides.js';
export { contentJsonSchema } from '../content/schema.js';

/** One meeting of a manifest as a deck: paths resolved against the manifest's folder. */
export interface MeetingDeck {
  name: string;
  index: number;
  /** The content file, as displayed. */
  input: string;
  template?: string;
  reference?: string;
  /** Where and how the reference is written, when the manifest names it (not the driver). */
  referenceNamed?: { location: SourceLocation; as: string };
  overrides: Overrides;
  /** Where the meeting is written. */
  location: SourceLocation;
}

/**
 * A manifest's meetings as decks, one way for `build` and `preview`: a meeting's own template, else
 * the one the driver was given (-t), else the manifest's; the same for its reference (--reference).
 * A template is a path when it looks like one, else a built-in set's name.
 */
export function meetingDecks(file: string, source: string, given: { template?: string; reference?: string } = {}): MeetingDeck[] {
  const { manifest, map } = parseManifest(source, file);
  const base = dirname(resolve(file));
  const tpl = (t: string | undefined) => (t === undefined ? undefined : /[\\/]|^\./.test(t) ? resolve(base, t) : t);
  const ref = (r: string | undefined) => (r === undefined ? undefined : resolve(base, r));
  // a meeting's content lies inside the manifest's folder or the working folder, after symbolic
  // links, as a manifest's reference must: a manifest read from elsewhere reads nothing outside them
  const confined = (written: string, path: (string | number)[]) => {
    if (!realInside(resolve(base, written), base, process.cwd())) {
      throw new BriefdeckError('CONTENT_INVALID', `content: ${written} is outside ${displayPath(base) || '.'} and the working folder`, {
        location: { file, ...map.locate(path) },
        hint: "keep content files in the manifest's folder or below it, or build them by name",
      });
    }
  };
  return manifest.meetings.map((m, index) => {
    if (m.content !== undefined) confined(m.content, ['meetings', index, 'content']);
    else if (manifest.content !== undefined) confined(manifest.content, ['content']);
    const template = tpl(m.template) ?? given.template ?? tpl(manifest.template);
    const reference = ref(m.reference) ?? given.reference ?? ref(manifest.reference);
    const written = m.reference !== undefined ? { as: m.reference, path: ['meetings', index, 'reference'] } : given.reference === undefined && manifest.reference !== undefined ? { as: manifest.reference, path: ['reference'] } : undefined;
    return {
      name: m.name,
      index,
      input: displayPath(resolve(base, (m.content ?? manifest.content)!)),
      ...(template ? { template } : {}),
      ...(reference ? { reference } : {}),
      ...(reference && written ? { referenceNamed: { location: { file, ...map.locate(written.path) }, as: written.as } } : {}),
      overrides: { ...(m.deck ? { deck: m.deck } : {}), ...(m.theme ? { theme: m.theme } : {}) },
      location: { file, ...map.locate(['meetings', index]) },
    };
  });
}
