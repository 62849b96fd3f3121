import { mergeTheme } from '../theme/merge.js';
import type { ThemePatch } from '../theme/schema.js';
import type { ParsedContent } from './parse.js';
import type { DeckInfo } from './schema.js';

/** Per-meeting values merged over a shared content file (a manifest's `deck:` and `theme:`). */
export interface Overrides {
  deck?: Partial<DeckInfo>;
  theme?: ThemePatch;
}

/**
 * The content with a meeting's overrides: `deck` key by key, `theme` merged deeply. Pure: the
 * given content, which a session may have cached for other meetings, is never changed.
 */
export function applyOverrides(content: ParsedContent, overrides: Overrides | undefined): ParsedContent {
  if (!overrides || (overrides.deck === undefined && overrides.theme === undefined)) return content;
  const model = { ...content.model };
  if (overrides.deck) model.deck = { ...model.deck, ...overrides.deck };
  if (overrides.theme) model.theme = mergeTheme(model.theme ?? {}, overrides.theme);
  return { ...content, model };
}
