import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, where V8 allows it; a no-op where it does not. The CLI's batch driver
 * owns its process and threads, so it may do this; the library's sessions only call it when a
 * driver hands it to them (SessionHooks).
 *
 * Parsing a large YAML file builds the yaml library's token tree and document, several times the
 * size of the data kept, and they are still reachable when V8 last collects, so they sit in the
 * old generation as garbage. V8 then lets the heap grow from that size before it collects again,
 * and the deck is drawn on top: the process's peak grows with the file twice over. One collection
 * once the parse is done drops them. Node has no API for it without --expose-gc, so the function
 * is taken from a context made while the flag is on, and the flag is turned off again so that no
 * other context sees `gc`.
 */
let collect: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (collect === undefined) {
    collect = null;
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
      if (typeof gc === 'function') collect = gc as () => void;
    } catch {
      // left a no-op: collection is only an economy
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  collect?.();
}
