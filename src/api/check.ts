// The API of `briefdeck check`, loaded only by that command.
export { checkDeck, formatDeckProblem, type CheckOptions, type DeckProblem } from '../pptx/check.js';
