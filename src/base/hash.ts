import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** sha256 of a file's bytes, or undefined when it cannot be read. */
export function fileHash(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined;
  }
}
