import crypto from 'node:crypto';
import { normalizeIdNumber } from '../domain/id-number.ts';
import type { ServiceContext } from './context.ts';

/** ID numbers are kept only as this keyed hash (to match "one open ticket per person") and their last 4. */
export function hashIdNumber(ctx: ServiceContext, idNumber: string): string {
  return crypto.createHmac('sha256', ctx.idHashKey).update(normalizeIdNumber(idNumber)).digest('hex');
}
