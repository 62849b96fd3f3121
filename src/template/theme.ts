import { z } from 'zod';

const hex = z.string().regex(/^#?[0-9a-fA-F]{6}$/, { error: 'expected a colour like 1F3864' });
const size = z.number().min(4).max(200);

const Banner = z.strictObject({ fill: hex, text: hex });

/** A template set's theme.yaml. */
export const ThemeSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  slide: z.strictObject({ size: z.enum(['16:9', '4:3']) }),
  fonts: z.strictObject({
    heading: z.string().min(1),
    body: z.string().min(1),
    eastAsian: z.string().min(1).describe('East Asian font for Korean (Hangul) runs, and for Chinese and Japanese unless set below.'),
    chinese: z.string().min(1).optional().describe('East Asian font for Chinese (Han-only) runs.'),
    japanese: z.string().min(1).optional().describe('East Asian font for Japanese (Kana) runs.'),
  }),
  colors: z.record(z.string(), hex).describe('Named colours; templates use them by name, e.g. color="primary".'),
  sizes: z.strictObject({ title: size, heading: size, body: size, bullets: size, table: size, footer: size }),
  minSizes: z.strictObject({ title: size, body: size, table: size }),
  footer: z.string().optional(),
  classification: z.strictObject({
    default: Banner,
    levels: z.record(z.string(), Banner).optional().describe('Banner colours by classification, matched case-insensitively.'),
  }),
});

export type Theme = z.infer<typeof ThemeSchema>;

// exact EMU sizes: 16:9 is 12192000 × 6858000
export const SLIDE_SIZES = { '16:9': { w: 12192000 / 914400, h: 7.5 }, '4:3': { w: 10, h: 7.5 } } as const;
