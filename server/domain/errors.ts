/**
 * Domain errors carry a stable string code and a kind. The HTTP layer maps the kind to a
 * status once (server/http/errors.ts); domain and services never speak HTTP.
 */
export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable' | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('invalid', code, message, details);
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', code, message, details);
/** Well-formed but not acceptable as it stands (an Idempotency-Key reused on another request). */
export const unprocessable = (code: string, message: string) => new DomainError('unprocessable', code, message);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const unauthorized = (code: string, message: string) => new DomainError('unauthorized', code, message);
