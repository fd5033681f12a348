export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  status_code: number;
  body: string;
  created_at: number;
}
