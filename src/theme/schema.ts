import { z } from 'zod';

const hex = z.string().regex(/^#?[0-9a-fA-F]{6}$/, { error: 'expected a colour like 1F3864' });
const size = z.number().min(4).max(200);
const inches = z.number().min(0).max(60);
const banner = z.strictObject({ fill: hex, text: hex });

export const PALETTE_SLOTS = ['dk1', 'lt1', 'dk2', 'lt2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink'] as const;
export type PaletteSlot = (typeof PALETTE_SLOTS)[number];

/** A set's theme, once every root's theme.yaml is merged. */
export const ThemeSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  slide: z.strictObject({ size: z.enum(['16:9', '4:3']).describe('16:9 is 13.33 × 7.5 in; 4:3 is 10 × 7.5 in.') }),
  fonts: z.strictObject({
    heading: z.string().min(1),
    body: z.string().min(1),
    eastAsian: z.string().min(1).describe('East Asian font for Korean (Hangul) runs, and for Chinese and Japanese unless set below.'),
    chinese: z.string().min(1).optional().describe('East Asian font for Chinese (Han-only) runs.'),
    japanese: z.string().min(1).optional().describe('East Asian font for Japanese (Kana) runs.'),
  }),
  colors: z.record(z.string(), hex).describe('Named colours; templates use them by name, e.g. color="primary".'),
  sizes: z.strictObject({ title: size, heading: size, body: size, bullets: size, table: size, footer: size }).describe('Type sizes in points.'),
  minSizes: z.strictObject({ title: size, body: size, table: size }).describe('Fitting never shrinks below these, in points.'),
  maxSizes: z
    .strictObject({ body: size, bullets: size, table: size })
    .optional()
    .describe('Fitting grows summaries, bullets and tables up to these, in points, when they fit on as few slides (default: the sizes above, no growth).'),
  footer: z.string().nullable().optional().describe('Footer text; default: the organization, else the deck title.'),
  logo: z
    .strictObject({
      src: z.string().min(1).describe('Image path inside a template root or the content folder.'),
      w: inches.describe('Width in inches.'),
      h: inches.describe('Height in inches.'),
      alt: z.string().min(1).optional().describe('Alt text: what the logo shows, e.g. "Ministry of Foreign Affairs logo". Never a file path.'),
      decorative: z.boolean().optional().describe('Mark the logo decorative, so screen readers skip it (instead of alt text).'),
    })
    .nullable()
    .optional(),
  palette: z
    .strictObject(
      Object.fromEntries(
        ['dk1', 'lt1', 'dk2', 'lt2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink'].map((k) => [k, z.string().min(1).optional()]),
      ) as Record<PaletteSlot, z.ZodOptional<z.ZodString>>,
    )
    .optional()
    .describe(
      "The deck's theme colours (Design › Variants in PowerPoint), each a colour name from `colors` or hex. Default: dk1 text, lt1 white, dk2 primary, lt2 light, accent1 primary, accent2 accent, accent3 muted, accent4 subtle, accent5 border, accent6 text, hlink primary, folHlink muted.",
    ),
  reference: z
    .string()
    .min(1)
    .optional()
    .describe("The office's own PowerPoint template (.potx or .pptx) the deck is built on, relative to the file that names it. Its slide size, theme, masters and layouts are the deck's."),
  layouts: z
    .record(z.string(), z.string().min(1))
    .optional()
    .describe('With a reference: the reference layout each slide kind is built on, by name, e.g. {title: "Title Slide", section: "Title and Content", table: "Title Only"}. Kinds: title, agenda, section, table, sources, and any layout a section names. Default: chosen by placeholder types.'),
  classification: z.strictObject({
    default: banner,
    levels: z.record(z.string(), banner).optional().describe('Banner colours by classification, matched case-insensitively.'),
    height: inches.optional().describe('Banner height in inches (default 0.3).'),
    size: size.optional().describe('Banner text size in points (default 12).'),
  }),
});

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** Every key optional, all the way down, keeping strictness and value types. */
function deepPartial(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional) return deepPartial(schema.unwrap() as z.ZodType).optional();
  if (schema instanceof z.ZodNullable) return deepPartial(schema.unwrap() as z.ZodType).nullable();
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [k, v] of Object.entries(schema.shape as Record<string, z.ZodType>)) shape[k] = deepPartial(v).optional();
    return z.strictObject(shape);
  }
  return schema;
}

/** A theme.yaml in an override root, or `theme:` in a content file: any subset of the keys. */
export const ThemePatchSchema = deepPartial(ThemeSchema) as z.ZodType<DeepPartial<z.infer<typeof ThemeSchema>>>;

export type Theme = z.infer<typeof ThemeSchema>;
export type ThemePatch = z.infer<typeof ThemePatchSchema>;

export const SLIDE_SIZES = { '16:9': { w: 12192000 / 914400, h: 7.5 }, '4:3': { w: 10, h: 7.5 } } as const;
