import type { Warning } from '../base/errors.js';
import type { PathSegment } from '../base/yaml.js';
import type { SlideNode, TextStyle } from '../layout/types.js';
import type { FontSpec } from './metrics.js';

/**
 * Where in a slide's content a warning points: a path below the slide's own (e.g. to a table cell),
 * or a text the slide shows (a bullet, a summary), which the caller finds in the content.
 */
export type WarnAt = PathSegment[] | { text: string };

/** What fitting reports through. */
export interface FitContext {
  /** Report a shrink, split or cut of `slide` (as the template made it). */
  warn(w: Omit<Warning, 'location'>, slide: SlideNode, at?: WarnAt): void;
}

export const fontOf = (s: TextStyle, size = s.size): FontSpec => ({ family: s.font, size, bold: s.bold });

/** Sub-bullets are set at 90% of their list's size, to the half point. */
export const bulletSize = (size: number, level: number): number => (level > 0 ? Math.round(size * 0.9 * 2) / 2 : size);
