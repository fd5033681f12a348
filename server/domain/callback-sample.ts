import crypto from 'node:crypto';

/**
 * 电话回访: the day's sample of served citizens to call. Deterministic (a hash of hall, day and
 * ticket), so the list is the same however often it is opened, yet no clerk can predict or steer
 * which of their visitors will be called. At least one is called when anyone left a phone.
 */
export function callbackSample(hallId: string, day: string, ticketIds: readonly string[], percent: number): string[] {
  if (!ticketIds.length || percent <= 0) return [];
  const n = Math.min(ticketIds.length, Math.max(1, Math.ceil((ticketIds.length * percent) / 100)));
  const key = (id: string) => crypto.createHash('sha256').update(`${hallId}|${day}|${id}`).digest('hex');
  return [...ticketIds].map((id) => ({ id, k: key(id) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).slice(0, n).map((x) => x.id);
}
