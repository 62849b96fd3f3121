import type { Theme } from './schema.js';

/** Classification banner height in inches and text size in points, when the theme does not say. */
export const BANNER_HEIGHT = 0.3;
export const BANNER_SIZE = 12;

/** `#1F3864` and `1F3864` alike, as the six hex digits OOXML writes. */
export const hexOf = (c: string): string => c.replace('#', '');

/** The theme's named colours as bare hex. */
export function themeColors(theme: Theme): Record<string, string> {
  const colors: Record<string, string> = {};
  for (const [k, v] of Object.entries(theme.colors)) colors[k] = hexOf(v);
  return colors;
}

/** Banner colours and geometry for a classification, matched case-insensitively; none without one. */
export function bannerFor(theme: Theme, classification: string | undefined) {
  if (!classification) return null;
  const levels = theme.classification.levels ?? {};
  const key = Object.keys(levels).find((k) => k.toLowerCase() === classification.trim().toLowerCase());
  const colors = (key ? levels[key] : undefined) ?? theme.classification.default;
  return {
    text: classification,
    fill: hexOf(colors.fill),
    color: hexOf(colors.text),
    height: theme.classification.height ?? BANNER_HEIGHT,
    size: theme.classification.size ?? BANNER_SIZE,
  };
}
