/** 好差评 scores (contract: 5 非常满意 … 1 非常不满意). 2 and 1 are 差评 and must be followed up. */
export const SCORE_LABELS: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

export const isBadRating = (score: number): boolean => score <= 2;
