import { api, newKey } from './api.ts';
import { i18n } from './i18n/index.ts';

/** 好差评 levels, best first: 5 非常满意 … 1 非常不满意; 2 and 1 are 差评. */
export const SCORES = [5, 4, 3, 2, 1] as const;
export type Score = (typeof SCORES)[number];
export const isBad = (s: number): boolean => s <= 2;

/** Tag chips: the good ones offered for 3 and up, the bad ones for 3 and down. */
export const GOOD_TAGS = ['good_attitude', 'efficient', 'one_visit'] as const;
export const BAD_TAGS = ['long_wait', 'unclear_materials', 'bad_attitude'] as const;
export type TagKey = (typeof GOOD_TAGS)[number] | (typeof BAD_TAGS)[number];
export const tagsFor = (score: number | null): TagKey[] =>
  score === null ? [] : score >= 4 ? [...GOOD_TAGS] : score <= 2 ? [...BAD_TAGS] : [...GOOD_TAGS, ...BAD_TAGS];

/** Tags are stored in Chinese whatever the screen language, so the hall's reports read the same. */
export const tagText = (k: TagKey): string => i18n.global.t(`rating.tags.${k}`, {}, { locale: 'zh-CN' });

export interface RatingBody {
  score: number;
  tags?: string[];
  comment?: string;
}

/** One key per rating body: a retried submit (lost answer, double tap) rates once. */
let intent: { body: string; key: string } | null = null;
/** The phone sends its ticket's key; the counter's evaluator, its device token (sent by api()). */
export async function submitRating(ticketId: string, body: RatingBody, ticketKey?: string | null): Promise<void> {
  const sig = `${ticketId}|${JSON.stringify(body)}`;
  if (!intent || intent.body !== sig) intent = { body: sig, key: newKey() };
  await api(`/api/tickets/${encodeURIComponent(ticketId)}/rating`, { body, idempotencyKey: intent.key, ticketKey });
}
