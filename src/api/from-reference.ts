/**
 * `briefdeck templates from office.potx DIR`: a template folder built on an office's own template,
 * ready to edit. The reference is copied into the folder, so the folder is whole on its own and the
 * path its theme.yaml names stays inside it.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { BriefdeckError } from '../base/errors.js';
import { displayPath } from '../base/paths.js';
import { checkNewFolder, newFolder } from '../base/write.js';
import { mapLayouts, readReference } from '../pptx/reference.js';
import { referenceColors } from '../session.js';

const q = (s: string) => JSON.stringify(s);

/** Write DIR/theme.yaml and DIR/<reference>; returns the files written, relative to DIR. */
export function templatesFromReference(file: string, dir: string): string[] {
  const shown = displayPath(file);
  if (!existsSync(file)) throw new BriefdeckError('REFERENCE_INVALID', `no reference template ${shown}`, { location: { file: shown }, hint: 'check the path to the .potx or .pptx' });
  const target = resolve(dir);
  checkNewFolder(target, '`templates from`');
  const ref = readReference(readFileSync(file), shown);
  const map = mapLayouts(ref);
  const { colors, fonts } = referenceColors(ref);
  const copy = basename(file);
  const kinds: [string, string][] = [
    ['title', 'the title slide'],
    ['agenda', 'the agenda'],
    ['section', "a section's summary and bullets"],
    ['table', 'one table (and its continuations)'],
    ['sources', 'the sources'],
  ];
  const names: Record<string, string> = { primary: "table header fill (the reference's accent1)", onPrimary: 'table header text', text: 'body and table text', muted: 'table notes', light: 'table stripe', white: "the reference's light colour" };
  const lines = [
    `# A template set on ${copy}, written by \`briefdeck templates from\`. Every key is yours to edit;`,
    '# a value left out comes from the built-in "reference" set, and colours and fonts from the reference.',
    'name: reference            # builds on the built-in "reference" set: text in the reference\'s placeholders',
    // a master's name, where it has one of its own (LibreOffice and pandoc leave the part's name)
    `description: ${q(`On ${ref.masters[0] && !/^slideMaster\d+$/.test(ref.masters[0].name) ? `${ref.masters[0].name} (${copy})` : copy}`)}`,
    `reference: ${q(copy)}   # the office template, relative to this file: its size, theme, masters and layouts`,
    'layouts:                   # the reference layout each slide kind is built on (its layouts: ' + ref.layouts.map((l) => l.name).filter((n, i, a) => a.indexOf(n) === i).join(', ') + ')',
    ...kinds.map(([k, what]) => `  ${k}: ${q(map[k]!.name)}${' '.repeat(Math.max(1, 24 - k.length - map[k]!.name.length))}# ${what}`),
    'fonts:',
    `  heading: ${q(fonts.heading || 'Calibri')}   # the reference's heading (major) font`,
    `  body: ${q(fonts.body || 'Calibri')}      # the reference's body (minor) font`,
    'colors:',
    ...Object.entries(colors).filter(([k]) => k !== 'onPrimary').map(([k, v]) => `  ${k}: ${q(v)}${' '.repeat(Math.max(1, 12 - k.length))}# ${names[k] ?? k}`),
    '  # onPrimary, the table header text, is black or white, whichever reads better on primary, unless you set it',
    '# classification banners, type sizes and the rest: see the built-in set, `briefdeck templates eject reference DIR`',
    '',
  ];
  newFolder(target, '`templates from`');
  copyFileSync(file, join(target, copy));
  writeFileSync(join(target, 'theme.yaml'), lines.join('\n'));
  return [copy, 'theme.yaml'].sort();
}
