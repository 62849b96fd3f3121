import { z } from 'zod';
import { LINK_ADDRESS } from '../base/paths.js';
import { ThemePatchSchema } from '../theme/schema.js';

/**
 * The content model. This file is the single source of the TypeScript types
 * and of the published JSON Schema (`briefdeck schema`, schema/content.schema.json).
 */

const text = z.string();

export const BulletSchema = z.union(
  [
    text,
    z.strictObject({
      text: text.describe('The bullet text.'),
      sub: z.array(text).optional().describe('Second-level bullets under this one.'),
    }),
  ],
  { error: 'expected a string, or a mapping with `text` and optional `sub`' },
);

// Row widths are checked in parse.ts, so they are reported even beside type errors.
export const TableSchema = z.strictObject({
  title: text.optional().describe('Slide title for this table; defaults to the section title.'),
  columns: z.array(text).min(1).describe('The header row.'),
  rows: z
    .array(z.array(z.union([text, z.number()], { error: 'expected a string or a number' })))
    .describe('Each row has as many cells as there are columns.'),
  note: text.optional().describe('A caption or source line under the table.'),
});

export const SectionSchema = z.strictObject({
  title: text.min(1).describe('Section title.'),
  layout: text
    .regex(/^[A-Za-z0-9][\w-]*$/, { error: 'a layout name is letters, digits, "-" and "_": the name of a file in layouts/, without .hbs' })
    .optional()
    .describe('Name of the layout for this section\'s slide (default `section`).'),
  summary: text.optional().describe('A paragraph.'),
  bullets: z.array(BulletSchema).optional(),
  tables: z.array(TableSchema).optional().describe('Each table becomes one slide.'),
  notes: text.optional().describe('Speaker notes for the section\'s slides.'),
});

export const SourceSchema = z.strictObject({
  title: text,
  publisher: text.optional(),
  url: text
    .regex(LINK_ADDRESS, { error: 'a source url is an http(s) or mailto address with no spaces, such as https://example.org/page' })
    .optional(),
  date: text.optional(),
});

export const DeckSchema = z.strictObject({
  title: text.min(1),
  subtitle: text.optional(),
  date: text.optional().describe('ISO date or free text.'),
  organization: text.optional(),
  classification: text.optional().describe('e.g. "UNCLASSIFIED"; shown on every slide when set.'),
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?(-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*$/, { error: 'expected a BCP 47 language tag such as en-GB, en-US or fr-FR' })
    .optional()
    .describe("The deck's language, a BCP 47 tag (default en-US): the spelling language of its Latin text. Korean, Chinese and Japanese runs keep their own."),
});

export const ContentSchema = z.strictObject({
  deck: DeckSchema,
  sections: z.array(SectionSchema).min(1, { error: 'needs at least one section' }),
  sources: z.array(SourceSchema).optional(),
  theme: ThemePatchSchema.optional().describe("Overrides of the template set's theme.yaml for this deck."),
});

export type Bullet = z.infer<typeof BulletSchema>;
export type Table = z.infer<typeof TableSchema>;
export type Section = z.infer<typeof SectionSchema>;
export type Source = z.infer<typeof SourceSchema>;
export type DeckInfo = z.infer<typeof DeckSchema>;
export type ContentModel = z.infer<typeof ContentSchema>;

/** The published JSON Schema of the content model. */
export function contentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ContentSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return { ...schema, title: 'briefdeck content model' };
}
