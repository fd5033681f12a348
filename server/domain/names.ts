/** The names a hall gave a thing in the other languages, as the contract carries them (absent ones left out). */
export function namesOf(row: { name_zh_tw: string | null; name_en: string | null }): { 'zh-TW'?: string; en?: string } {
  return { ...(row.name_zh_tw ? { 'zh-TW': row.name_zh_tw } : {}), ...(row.name_en ? { en: row.name_en } : {}) };
}
