import { createI18n } from 'vue-i18n';
import id from './id.js';
import en from './en.js';
import pokjaId from './pokja.id.js';
import pokjaEn from './pokja.en.js';

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
  // The Pokja views keep their texts in pokja.*.ts (one block per feature, merged here).
  messages: {
    id: { ...id, nav: { ...id.nav, pokja: pokjaId.nav }, pokja: pokjaId },
    en: { ...en, nav: { ...en.nav, pokja: pokjaEn.nav }, pokja: pokjaEn },
  },
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
