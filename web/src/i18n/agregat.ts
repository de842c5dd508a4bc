// The province import panel's texts, merged into the app's messages when the panel's code loads:
// they stay out of the first bundle every other page waits for (issue 16's 300 KB budget).
import { i18n } from './index.js';
import agregatEn from './agregat.en.js';
import agregatId from './agregat.id.js';

i18n.global.mergeLocaleMessage('id', { agregat: agregatId });
i18n.global.mergeLocaleMessage('en', { agregat: agregatEn });
