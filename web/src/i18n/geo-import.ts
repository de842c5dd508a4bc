// The boundary import's texts, merged into the app's messages when the Data page's code loads:
// they stay out of the first bundle every other page waits for (issue 16's 300 KB budget).
import { i18n } from './index.js';
import geoImportEn from './geo-import.en.js';
import geoImportId from './geo-import.id.js';

i18n.global.mergeLocaleMessage('id', { geoImport: geoImportId });
i18n.global.mergeLocaleMessage('en', { geoImport: geoImportEn });
