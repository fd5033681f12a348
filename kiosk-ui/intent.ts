import { newKey } from '../ui-shared/api.ts';

/**
 * One Idempotency-Key per "take a number" intent: the same body keeps its key across double taps
 * and retries (so the server issues one ticket); a changed body or a new citizen gets a new one.
 */
let current: { body: string; key: string } | null = null;

export function keyFor(body: unknown): string {
  const sig = JSON.stringify(body);
  if (!current || current.body !== sig) current = { body: sig, key: newKey() };
  return current.key;
}

export function forgetIntent(): void {
  current = null;
}
