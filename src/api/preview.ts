// The API of `briefdeck preview`: what a preview needs to draw a fitted deck, loaded only by that command.
import type { DeckJob } from '../session.js';
export type { SlideBackdrop } from '../session.js';
import { meetingDecks } from './content.js';

export { BULLET_INDENT } from '../layout/types.js';
export type { Box, BulletsNode, ImageNode, LayoutNode, LayoutTree, RectNode, SlideNode, SlideNumberNode, TableNode, TextNode, TextStyle } from '../layout/types.js';
export type { BulletLines, MeasuredLine, NodeLines, TableLines, TextLines } from '../fit/lines.js';
export { measuredFamily } from '../fit/metrics.js';
export { isManifest } from '../content/manifest.js';

/** A manifest's meetings as deck jobs, as `build` plans them (meetingDecks): templates and references included. */
export function manifestJobs(file: string, source: string, given: { template?: string; reference?: string } = {}): { name: string; job: DeckJob }[] {
  // a meeting's place in the manifest (index, location) names it in messages; the rest is the job
  return meetingDecks(file, source, given).map(({ name, index, location, ...job }) => ({ name, job }));
}
