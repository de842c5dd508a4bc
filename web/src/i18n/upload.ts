// The Data page's upload texts, merged into the app's messages when the Data page's code loads:
// they stay out of the first bundle every other page waits for (issue 16's 300 KB budget).
import { i18n } from './index.js';
import uploadEn from './upload.en.js';
import uploadId from './upload.id.js';

i18n.global.mergeLocaleMessage('id', { upload: uploadId });
i18n.global.mergeLocaleMessage('en', { upload: uploadEn });
