/**
 * The known defects of pptxgenjs 4.0.1 output, each one module with its detector and its fix:
 * conform runs every fix, check every detector. In the order conform applies them.
 */
import { backgroundEffects } from './background-effects.js';
import { cellAnchorMid } from './cell-anchor-mid.js';
import { companyUnescaped } from './company-unescaped.js';
import { duplicateId } from './duplicate-id.js';
import { eastAsianRun } from './east-asian-run.js';
import { emptyLine } from './empty-line.js';
import { illegalCharacter } from './illegal-character.js';
import { nanAttribute } from './nan-attribute.js';
import { negativeExtent } from './negative-extent.js';
import { notesMasterPlaceholder } from './notes-master-placeholder.js';
import { notesPlaceholderGeometry } from './notes-placeholder-geometry.js';
import { overrideMissingPart } from './override-missing-part.js';
import { presentationOrder } from './presentation-order.js';
import { presetName } from './preset-name.js';
import { sharedTheme } from './shared-theme.js';
import { spWithoutTxBody } from './sp-without-txbody.js';
import type { PackageDefect, PartDefect } from './types.js';
import { unusedDefault } from './unused-default.js';

export * from './types.js';
export { illegalCharacter };

/** Fixed before the parts: they add, drop and move parts and content types. */
export const PACKAGE_DEFECTS: readonly PackageDefect[] = [companyUnescaped, overrideMissingPart, unusedDefault, sharedTheme, presentationOrder];

/** Fixed part by part, each part's text through every defect that applies to it. */
export const PART_DEFECTS: readonly PartDefect[] = [
  illegalCharacter,
  notesMasterPlaceholder,
  notesPlaceholderGeometry,
  spWithoutTxBody,
  duplicateId,
  emptyLine,
  presetName,
  backgroundEffects,
  nanAttribute,
  negativeExtent,
  cellAnchorMid,
  eastAsianRun,
];
