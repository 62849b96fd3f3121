import { matches, SLIDE_LIKE, type PartDefect } from './types.js';

const EXT = /<a:ext cx="(-?\d+)" cy="(-?\d+)"/g;

/** A negative a:ext (a line drawn right to left) is invalid; clamp to zero. */
export const negativeExtent: PartDefect = {
  id: 'negative-extent',
  parts: SLIDE_LIKE,
  detect: (part, xml) => matches(part, xml, EXT, 'negative-extent', (m) => (Number(m[1]) < 0 || Number(m[2]) < 0 ? `a:ext has a negative size (cx=${m[1]}, cy=${m[2]})` : undefined)),
  fix: (xml) => xml.replace(EXT, (_, cx: string, cy: string) => `<a:ext cx="${Math.max(0, Number(cx))}" cy="${Math.max(0, Number(cy))}"`),
};
