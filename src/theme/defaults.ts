import { PALETTE_SLOTS, type PaletteSlot, type Theme } from './schema.js';

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

/** Which named colour fills each theme colour slot when the theme's `palette` does not say. */
const PALETTE_DEFAULTS: Record<PaletteSlot, { name: string; fallback: string }> = {
  dk1: { name: 'text', fallback: '000000' },
  lt1: { name: 'white', fallback: 'FFFFFF' },
  dk2: { name: 'primary', fallback: '44546A' },
  lt2: { name: 'light', fallback: 'E7E6E6' },
  accent1: { name: 'primary', fallback: '4472C4' },
  accent2: { name: 'accent', fallback: 'ED7D31' },
  accent3: { name: 'muted', fallback: 'A5A5A5' },
  accent4: { name: 'subtle', fallback: 'FFC000' },
  accent5: { name: 'border', fallback: '5B9BD5' },
  accent6: { name: 'text', fallback: '70AD47' },
  hlink: { name: 'primary', fallback: '0563C1' },
  folHlink: { name: 'muted', fallback: '954F72' },
};

/** The deck's theme part: colour scheme and font scheme, named after the set. */
export interface ThemeScheme {
  name: string;
  colors: Record<PaletteSlot, string>;
  major: string;
  minor: string;
  /** East Asian fonts per script, as the theme's font scheme lists them (Hangul, Simplified Chinese, Japanese). */
  eastAsian: string;
  chinese: string;
  japanese: string;
}

export function themeScheme(theme: Theme): ThemeScheme {
  const named = themeColors(theme);
  const pick = (v: string | undefined) => (v === undefined ? undefined : (named[v] ?? hexOf(v)).toUpperCase());
  const colors = Object.fromEntries(
    PALETTE_SLOTS.map((k) => [k, pick(theme.palette?.[k]) ?? pick(named[PALETTE_DEFAULTS[k].name] ? PALETTE_DEFAULTS[k].name : undefined) ?? PALETTE_DEFAULTS[k].fallback]),
  ) as Record<PaletteSlot, string>;
  return {
    name: theme.name,
    colors,
    major: theme.fonts.heading,
    minor: theme.fonts.body,
    eastAsian: theme.fonts.eastAsian,
    chinese: theme.fonts.chinese ?? theme.fonts.eastAsian,
    japanese: theme.fonts.japanese ?? theme.fonts.eastAsian,
  };
}
