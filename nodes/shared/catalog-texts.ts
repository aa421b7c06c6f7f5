import fs from 'node:fs';
import path from 'node:path';

export type CatalogTextKind = 'descriptions' | 'notes';

/**
 * The catalogs speak English; `<localesDir>/<lang>/catalog.json` translates their parameter
 * descriptions and notes by text. Answers the text itself where there is no translation.
 */
export function catalogTexts(localesDir: string, lang: string): (kind: CatalogTextKind, text: string) => string {
  let words: Partial<Record<CatalogTextKind, Record<string, string>>> = {};
  try {
    words = JSON.parse(fs.readFileSync(path.join(localesDir, lang, 'catalog.json'), 'utf8')) as typeof words;
  } catch {
    // English, or a language without translations
  }
  return (kind, text) => words[kind]?.[text] ?? text;
}
