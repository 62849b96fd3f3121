// The API of `briefdeck templates`, loaded only by that command.
export { ejectSet, listSets, type FoundSet } from '../template/eject.js';
