// The API of `briefdeck preview`: what a preview needs to draw a fitted deck, loaded only by that command.
import { dirname, resolve } from 'node:path';
import { displayPath } from '../base/paths.js';
import { parseManifest } from '../content/manifest.js';
import type { DeckJob } from '../session.js';

export { BULLET_INDENT } from '../layout/types.js';
export type { Box, BulletsNode, ImageNode, LayoutNode, LayoutTree, RectNode, SlideNode, SlideNumberNode, TableNode, TextNode, TextStyle } from '../layout/types.js';
export type { BulletLines, MeasuredLine, NodeLines, TableLines, TextLines } from '../fit/lines.js';
export { measuredFamily } from '../fit/metrics.js';
export { isManifest } from '../content/manifest.js';

/** A manifest's meetings as deck jobs, paths resolved against the manifest's folder (as `build` does). */
export function manifestJobs(file: string, source: string, template?: string): { name: string; job: DeckJob }[] {
  const { manifest } = parseManifest(source, file);
  const base = dirname(resolve(file));
  const tpl = (t: string | undefined) => (t === undefined ? undefined : /[\\/]|^\./.test(t) ? resolve(base, t) : t);
  return manifest.meetings.map((m) => {
    // as `build` plans it: a meeting's own template, then -t, then the manifest's
    const chosen = tpl(m.template) ?? template ?? tpl(manifest.template);
    return {
      name: m.name,
      job: {
        input: displayPath(resolve(base, (m.content ?? manifest.content)!)),
        ...(chosen ? { template: chosen } : {}),
        overrides: { ...(m.deck ? { deck: m.deck } : {}), ...(m.theme ? { theme: m.theme } : {}) },
      },
    };
  });
}
