import * as OpenCC from 'opencc-js/cn2t';
import type { Locale } from './i18n/index.ts';

/**
 * A category's or matter's name in the page's language: the hall's own name for that language,
 * else for 繁體 the Chinese name converted (OpenCC, Taiwan standard), else the Chinese name.
 */
let toTraditional: ((s: string) => string) | null = null;

export function localName(thing: { name: string; names?: { 'zh-TW'?: string; en?: string } }, locale: Locale | string): string {
  if (locale === 'en') return thing.names?.en || thing.name;
  if (locale === 'zh-TW') {
    if (thing.names?.['zh-TW']) return thing.names['zh-TW'];
    toTraditional ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
    return toTraditional(thing.name);
  }
  return thing.name;
}
