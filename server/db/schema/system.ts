export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  status_code: number;
  body: string;
  /** sha256 of method, path and canonical body: the same key on another request is refused. Null for keys stored before 009. */
  fingerprint: string | null;
  created_at: number;
}

/** Migration 021: the fingerprint of the ID-hash key (never the key itself). */
export interface KeyFingerprintTable {
  name: string;
  fingerprint: string;
  created_at: number;
}
