// The Pokja views' texts, merged into the app's messages when their code loads: they stay out of
// the first bundle every other page waits for (the menu's own "Pokja" is in id.ts / en.ts).
import { i18n } from './index.js';
import pokjaEn from './pokja.en.js';
import pokjaId from './pokja.id.js';

i18n.global.mergeLocaleMessage('id', { pokja: pokjaId });
i18n.global.mergeLocaleMessage('en', { pokja: pokjaEn });
