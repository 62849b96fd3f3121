import { z } from 'zod';
import type { Problem } from '../base/errors.js';
import { parseYaml, validate, type SourceMap } from '../base/yaml.js';
import { DeckSchema } from './schema.js';
import { ThemePatchSchema } from '../theme/schema.js';

const name = z
  .string()
  // letters of any script (Korean and Chinese meeting names included), digits, and combining marks
  .regex(/^[\p{L}\p{N}_][\p{L}\p{M}\p{N}_.-]*$/u, { error: 'an output name is letters, digits, ".", "-" and "_", with no folder' })
  // file names stop at 255 bytes, and the temporary file a deck is written through needs some of them
  .refine((s) => Buffer.byteLength(s, 'utf8') <= 200, { error: 'an output name is at most 200 bytes in UTF-8 (a Korean or Chinese character takes 3)' })
  .describe('Output file name, without .pptx.');

export const MeetingSchema = z.strictObject({
  name,
  content: z.string().min(1).optional().describe('Content file for this meeting, relative to the manifest (default: the shared one).'),
  template: z.string().min(1).optional().describe('Built-in set name, or a template folder relative to the manifest.'),
  reference: z.string().min(1).optional().describe("The office's own PowerPoint template (.potx or .pptx) to build this meeting's deck on, relative to the manifest."),
  deck: DeckSchema.partial().optional().describe('Merged over the content\'s deck: subtitle, date, classification…'),
  theme: ThemePatchSchema.optional().describe('Merged over the theme for this meeting.'),
});

/** meetings.yaml: one deck per meeting, each a variant of shared content. */
export const ManifestSchema = z.strictObject({
  content: z.string().min(1).optional().describe('The shared content file, relative to the manifest.'),
  template: z.string().min(1).optional().describe('Default template for every meeting.'),
  reference: z.string().min(1).optional().describe("Default office template (.potx or .pptx) for every meeting, relative to the manifest."),
  meetings: z.array(MeetingSchema).min(1, { error: 'needs at least one meeting' }),
});

export type Meeting = z.infer<typeof MeetingSchema>;
export type Manifest = z.infer<typeof ManifestSchema>;

/** The published JSON Schema of meetings.yaml manifests. */
export function manifestJsonSchema(): Record<string, unknown> {
  return { ...(z.toJSONSchema(ManifestSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>), title: 'briefdeck meetings manifest' };
}

/** Whether a YAML file is a manifest rather than content: it has a top-level `meetings:`. */
export function isManifest(source: string): boolean {
  return /^meetings\s*:/m.test(source);
}

export function parseManifest(source: string, file: string): { manifest: Manifest; map: SourceMap } {
  const parsed = parseYaml(source, file);
  // checks across entries run on the raw data, so they are reported with any schema problems
  const raw = parsed.data as { content?: unknown; meetings?: unknown } | null;
  const list = Array.isArray(raw?.meetings) ? (raw.meetings as unknown[]) : [];
  const names = list.map((m) => (m && typeof m === 'object' ? (m as { name?: unknown }).name : undefined));
  const problems: Problem[] = list.flatMap((m, i) => {
    const out: Problem[] = [];
    const own = m && typeof m === 'object' ? (m as { content?: unknown }).content : undefined;
    if (own === undefined && raw?.content === undefined) out.push({ file, ...parsed.map.locate(['meetings', i]), path: `meetings[${i}]`, message: 'no content file: set `content` here or at the top of the manifest' });
    const first = names.indexOf(names[i]);
    const at = { file, ...parsed.map.locate(['meetings', i, 'name']), path: `meetings[${i}].name` };
    if (typeof names[i] === 'string' && first !== i) out.push({ ...at, message: `name "${String(names[i])}" is already used by meetings[${first}]` });
    else if (typeof names[i] === 'string') {
      // on macOS and Windows disks "Same.pptx" and "same.pptx" are one file
      const folded = names.findIndex((n) => typeof n === 'string' && n.toLowerCase() === (names[i] as string).toLowerCase());
      if (folded !== i) out.push({ ...at, message: `name "${String(names[i])}" differs from meetings[${folded}]'s "${String(names[folded])}" only in case, and would be the same file on macOS and Windows` });
    }
    return out;
  });
  const manifest = validate(ManifestSchema, parsed, problems);
  return { manifest, map: parsed.map };
}
