import { BriefdeckError, type Problem } from '../base/errors.js';
import { didYouMean } from '../base/suggest.js';
import { displayPath } from '../base/paths.js';
import { parseYaml, readYamlFile, validate, valueAt, type ParsedYaml, type PathSegment, type SourceMap } from '../base/yaml.js';
import { contrastRatio, requiredContrast } from './contrast.js';
import { BANNER_SIZE } from './defaults.js';
import { mergeTheme } from './merge.js';
import { PALETTE_SLOTS, ThemePatchSchema, ThemeSchema, type Theme, type ThemePatch } from './schema.js';

/**
 * Every root's theme.yaml, merged in root order and validated: each file on its own (any subset of
 * the keys), then the merged whole. All problems are collected before one error is thrown.
 */
export function loadTheme(files: readonly string[], fallbackFile: string): Theme {
  let theme: unknown = {};
  const problems: Problem[] = [];
  const parsed: ParsedYaml[] = [];
  for (const file of files) {
    try {
      const doc = parseYaml(readYamlFile(file, displayPath(file)), displayPath(file));
      parsed.push(doc);
      theme = mergeTheme(theme, validate(ThemePatchSchema, doc));
    } catch (e) {
      if (!(e instanceof BriefdeckError) || e.problems.length === 0) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length) throw BriefdeckError.ofProblems(problems, 'THEME_INVALID');
  const result = ThemeSchema.safeParse(theme);
  if (!result.success) {
    const last = displayPath(files.at(-1) ?? fallbackFile);
    throw BriefdeckError.ofProblems(
      result.error.issues.map((i) => ({ file: last, line: 1, col: 1, path: i.path.join('.'), message: `after merging every theme.yaml: ${i.message}` })),
      'THEME_INVALID',
    );
  }
  const where = (path: PathSegment[]) => {
    // the file that set the value last is the one to fix
    for (const doc of [...parsed].reverse()) if (valueAt(doc.data, path) !== undefined) return { file: doc.map.file, ...doc.map.locate(path) };
    return { file: displayPath(files.at(-1) ?? fallbackFile), line: 1, col: 1 };
  };
  const bad = [...paletteProblems(result.data, where), ...contrastProblems(result.data, where)];
  if (bad.length) throw BriefdeckError.ofProblems(bad, 'THEME_INVALID');
  return result.data;
}

const HEX = /^#?[0-9a-fA-F]{6}$/;

/**
 * Palette values that are neither six hex digits nor a name from `colors`. Checked on the merged
 * theme, as a name may come from another root's theme.yaml; located where the value was written.
 */
export function paletteProblems(theme: Theme, where: (path: PathSegment[]) => { file: string; line: number; col: number }): Problem[] {
  const names = Object.keys(theme.colors);
  const problems = PALETTE_SLOTS.flatMap((slot): Problem[] => {
    const v = theme.palette?.[slot];
    if (v === undefined || HEX.test(v) || Object.hasOwn(theme.colors, v)) return [];
    const path = ['palette', slot];
    // something hex-like that is not six digits is a mistyped colour, not a name
    if (/^#?[0-9a-fA-F]+$/.test(v)) return [{ ...where(path), path: path.join('.'), message: `\`${v}\` is not a colour: expected six hex digits like 1F3864` }];
    const guess = didYouMean(v, names);
    return [
      {
        ...where(path),
        path: path.join('.'),
        message: `unknown colour \`${v}\`; ${guess ? `did you mean \`${guess}\`?` : `expected six hex digits like 1F3864 or a name from colors (${names.join(', ')})`}`,
      },
    ];
  });
  // in the order they were written
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}

/**
 * The theme's own text-on-fill pairs (the classification banners) that fall below WCAG AA for the
 * size they are drawn at: a banner must be readable by everyone it warns.
 */
export function contrastProblems(theme: Theme, where: (path: PathSegment[]) => { file: string; line: number; col: number }): Problem[] {
  const size = theme.classification.size ?? BANNER_SIZE;
  const need = requiredContrast(size, true);
  const pairs: [PathSegment[], { fill: string; text: string }][] = [
    [['classification', 'default'], theme.classification.default],
    ...Object.entries(theme.classification.levels ?? {}).map(([k, v]): [PathSegment[], { fill: string; text: string }] => [['classification', 'levels', k], v]),
  ];
  return pairs.flatMap(([path, c]) => {
    const ratio = contrastRatio(c.text, c.fill);
    if (ratio >= need) return [];
    return [
      {
        ...where(path),
        path: path.join('.'),
        message: `text ${c.text.replace('#', '')} on ${c.fill.replace('#', '')} has a contrast of ${ratio.toFixed(2)}:1; banner text at ${size} pt bold needs ${need}:1 (WCAG AA)`,
      },
    ];
  });
}

/** A theme with a patch (a content file's or a meeting's `theme:`), problems located at `theme` in `map`. */
export function patchTheme(theme: Theme, patch: ThemePatch | undefined, map: SourceMap): Theme {
  if (!patch) return theme;
  const merged = ThemeSchema.safeParse(mergeTheme(theme, patch));
  if (!merged.success) {
    const loc = map.locate(['theme']);
    throw BriefdeckError.ofProblems(merged.error.issues.map((i) => ({ file: map.file, ...loc, path: `theme.${i.path.join('.')}`, message: i.message })));
  }
  const at = (path: PathSegment[]) => ({ file: map.file, ...map.locate(valueAt(patch, path) !== undefined ? ['theme', ...path] : ['theme']) });
  const low = [...paletteProblems(merged.data, at), ...contrastProblems(merged.data, at)];
  if (low.length) throw BriefdeckError.ofProblems(low.map((p) => ({ ...p, path: `theme.${p.path}` })), 'THEME_INVALID');
  return merged.data;
}
