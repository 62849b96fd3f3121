import { BriefdeckError, type Problem } from '../base/errors.js';
import { displayPath } from '../base/paths.js';
import { parseYaml, readYamlFile, validate, type SourceMap } from '../base/yaml.js';
import { mergeTheme } from './merge.js';
import { ThemePatchSchema, ThemeSchema, type Theme, type ThemePatch } from './schema.js';

/**
 * Every root's theme.yaml, merged in root order and validated: each file on its own (any subset of
 * the keys), then the merged whole. All problems are collected before one error is thrown.
 */
export function loadTheme(files: readonly string[], fallbackFile: string): Theme {
  let theme: unknown = {};
  const problems: Problem[] = [];
  for (const file of files) {
    try {
      theme = mergeTheme(theme, validate(ThemePatchSchema, parseYaml(readYamlFile(file, displayPath(file)), displayPath(file))));
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
  return result.data;
}

/** A theme with a patch (a content file's or a meeting's `theme:`), problems located at `theme` in `map`. */
export function patchTheme(theme: Theme, patch: ThemePatch | undefined, map: SourceMap): Theme {
  if (!patch) return theme;
  const merged = ThemeSchema.safeParse(mergeTheme(theme, patch));
  if (!merged.success) {
    const loc = map.locate(['theme']);
    throw BriefdeckError.ofProblems(merged.error.issues.map((i) => ({ file: map.file, ...loc, path: `theme.${i.path.join('.')}`, message: i.message })));
  }
  return merged.data;
}
