import { createI18n } from 'vue-i18n';
import id from './id.js';
import en from './en.js';

export type AppLocale = 'id' | 'en';

const STORAGE_KEY = 'pokja.locale';

function initialLocale(): AppLocale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'id',
  // The Pokja views and the Data page's uploads keep their texts in pokja.*.ts and upload.*.ts,
  // merged when their code loads (pokja.ts, upload.ts): not in the first bundle.
  messages: { id, en },
});

export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the choice lasts for this page only
  }
}
