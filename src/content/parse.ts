import type { Problem, Warning } from '../base/errors.js';
import { xmlIllegal } from '../base/unicode.js';
import { formatPath, parseYaml, validate, valueAt, type ParsedYaml, type PathSegment, type SourceMap } from '../base/yaml.js';
import { ContentSchema, type ContentModel } from './schema.js';

export type { SourceMap };

/** Checks the JSON Schema cannot express; run on raw data so they show beside type errors. */
function tableShapeProblems(parsed: ParsedYaml): Problem[] {
  const out: Problem[] = [];
  const sections = valueAt(parsed.data, ['sections']);
  if (!Array.isArray(sections)) return out;
  sections.forEach((section, si) => {
    const tables = valueAt(section, ['tables']);
    if (!Array.isArray(tables)) return;
    tables.forEach((table, ti) => {
      const columns = valueAt(table, ['columns']);
      const rows = valueAt(table, ['rows']);
      if (!Array.isArray(columns) || !Array.isArray(rows)) return;
      rows.forEach((row, ri) => {
        if (!Array.isArray(row) || row.length === columns.length) return;
        const path = ['sections', si, 'tables', ti, 'rows', ri];
        out.push({
          file: parsed.map.file,
          ...parsed.map.locate(path),
          path: formatPath(path),
          message: `expected ${columns.length} cells, like the columns, got ${row.length}`,
        });
      });
    });
  });
  return out;
}

export interface ParsedContent {
  model: ContentModel;
  map: SourceMap;
  /** Non-fatal findings, such as stripped control characters. */
  warnings: Warning[];
}


/** Strip characters XML cannot hold (a vertical tab pasted from PowerPoint blanks a LibreOffice slide). */
function stripIllegal(data: unknown, map: SourceMap, warnings: Warning[], path: PathSegment[] = []): unknown {
  if (typeof data === 'string') {
    const found = [...new Set(data.match(xmlIllegal()))].map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    if (found.length === 0) return data;
    warnings.push({
      code: 'CONTROL_CHARACTER',
      message: `${formatPath(path)}: removed ${found.length === 1 ? 'a control character' : 'control characters'} ${found.join(', ')} that a slide cannot hold`,
      location: { file: map.file, ...map.locate(path) },
    });
    return data.replace(xmlIllegal(), '');
  }
  if (Array.isArray(data)) return data.map((v, i) => stripIllegal(v, map, warnings, [...path, i]));
  if (data && typeof data === 'object') {
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, stripIllegal(v, map, warnings, [...path, k])]));
  }
  return data;
}

/** Parse and validate a content file's text. Pure: no file system. */
export function parseContent(source: string, file: string): ParsedContent {
  const parsed = parseYaml(source, file);
  const warnings: Warning[] = [];
  const clean = { ...parsed, data: stripIllegal(parsed.data, parsed.map, warnings) };
  const model = validate(ContentSchema, clean, tableShapeProblems(clean));
  return { model, map: parsed.map, warnings };
}
