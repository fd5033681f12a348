import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import zhCN from '../../../ui-shared/i18n/zh-CN/index.ts';
import zhTW from '../../../ui-shared/i18n/zh-TW/index.ts';
import en from '../../../ui-shared/i18n/en/index.ts';

/**
 * Every error code the server can send has words in every language, so a citizen never reads an
 * internal code. The codes are collected from the server's source the way it raises them: the
 * domain error helpers, the error handler's table, socket refusals, the guards' tuples and the
 * scope hook's `<KIND>_NOT_FOUND`. A new code without words fails here the day it is added.
 */
const SERVER = path.resolve(import.meta.dirname, '../../../server');
const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (['seed', 'simulator'].includes(e.name) ? [] : files(path.join(dir, e.name))) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

function serverCodes(): Set<string> {
  const codes = new Set<string>();
  const raised = /\b(?:invalid|notFound|conflict|unprocessable|forbidden|unauthorized|RateLimitedError|DomainError|ConnectError)\(\s*(?:'[a-z_]+',\s*)?'([A-Z][A-Z0-9_]+)'|\bcode: '([A-Z][A-Z0-9_]+)'/g;
  for (const f of files(SERVER)) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(raised)) codes.add(m[1] ?? m[2]);
    if (f.endsWith(path.join('plugins', 'auth.ts'))) for (const m of src.matchAll(/\['([A-Z][A-Z0-9_]+)', '/g)) codes.add(m[1]);
    if (f.endsWith(path.join('plugins', 'scope.ts'))) for (const m of src.matchAll(/\['([A-Z][A-Z0-9_]+)', '/g)) codes.add(`${m[1]}_NOT_FOUND`);
  }
  return codes;
}

const LOCALES = { 'zh-CN': zhCN, 'zh-TW': zhTW, en } as Record<string, { errors: Record<string, string> }>;
/** The codes the pages make themselves (ui-shared/api.ts). */
const CLIENT = ['NETWORK', 'SERVER_ERROR', 'unknown'];

describe('words for every error code', () => {
  const codes = serverCodes();

  it('finds the codes the server raises (the collector itself works)', () => {
    for (const c of ['INVALID_ID_NUMBER', 'CHECK_IN_TOO_EARLY', 'QUOTA_EXHAUSTED', 'BAD_PERIOD', 'LOGIN_LOCKED', 'VALIDATION_FAILED', 'BODY_TOO_LARGE', 'PRINT_JOB_NOT_FOUND', 'PICKUP_CODE_REQUIRED', 'BAD_AUTH', 'INTERNAL']) {
      expect(codes, c).toContain(c);
    }
    expect(codes.size).toBeGreaterThan(120);
  });

  it.each(Object.keys(LOCALES))('%s has words for every server code', (locale) => {
    const errors = LOCALES[locale].errors;
    const missing = [...codes, ...CLIENT].filter((c) => typeof errors[c] !== 'string' || errors[c].trim() === '');
    expect(missing, `${locale} lacks errors.* for`).toEqual([]);
  });

  it('the fallback never shows the internal code', () => {
    for (const [locale, { errors }] of Object.entries(LOCALES)) expect(errors.unknown, locale).not.toContain('{code}');
  });
});
