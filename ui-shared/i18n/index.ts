import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN/index.ts';
import zhTW from './zh-TW/index.ts';
import en from './en/index.ts';
import { ApiError } from '../api.ts';

export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const STORE = 'hallq.locale';

function initialLocale(): Locale {
  const q = new URLSearchParams(location.search).get('lang');
  const saved = q ?? localStorage.getItem(STORE);
  return (LOCALES as readonly string[]).includes(saved ?? '') ? (saved as Locale) : 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, 'zh-TW': zhTW, en },
});

/**
 * The language a shared screen (the kiosk) returns to between citizens: the one its address names
 * (`?lang=`), else Chinese; never the last citizen's choice.
 */
export function homeLocale(): Locale {
  const q = new URLSearchParams(location.search).get('lang');
  return (LOCALES as readonly string[]).includes(q ?? '') ? (q as Locale) : 'zh-CN';
}

export function setLocale(l: Locale): void {
  i18n.global.locale.value = l;
  localStorage.setItem(STORE, l);
  document.documentElement.lang = l;
}
document.documentElement.lang = i18n.global.locale.value;

/** A readable message for any failure, by its code; the server's own (Chinese) text as a fallback. */
export function errorText(err: unknown): string {
  const { t, te } = i18n.global;
  if (err instanceof ApiError) {
    const key = `errors.${err.code}`;
    if (te(key)) return t(key, { number: String(err.details.number ?? ''), ...err.details });
    return t('errors.unknown', { code: err.code, message: err.message });
  }
  return t('errors.unknown', { code: 'ERROR', message: err instanceof Error ? err.message : String(err) });
}

/** The hall's voice is Chinese whatever the screen language. */
export function speechText(number: string, windowNo: number, recall: boolean): string {
  return i18n.global.t(recall ? 'display.speechRecall' : 'display.speech', { number, no: windowNo }, { locale: 'zh-CN' });
}
