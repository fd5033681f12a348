import { ApiError } from '../../../ui-shared/api.ts';
import { errorText, i18n } from '../../../ui-shared/i18n/index.ts';

/** Words for the codes of the voice and webhook calls (locale `notifyErrors`), else the shared error words. */
export function notifyError(err: unknown): string {
  const code = err instanceof ApiError ? err.code : null;
  return code ? codeText(code) ?? errorText(err) : errorText(err);
}

export function codeText(code: string): string | null {
  const key = `notifyErrors.${code}`;
  return i18n.global.te(key) ? i18n.global.t(key) : null;
}
