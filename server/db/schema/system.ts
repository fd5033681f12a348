export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  status_code: number;
  body: string;
  /** sha256 of method, path and canonical body: the same key on another request is refused. Null for keys stored before 009. */
  fingerprint: string | null;
  created_at: number;
}
