import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router.js';
import { i18n } from './i18n/index.js';
import './styles.css';
import { registerServiceWorker } from './offline/connection.js';
import { reportUnauthorized } from './api/client.js';
import { useCatalogue } from './stores/catalogue.js';
import { loadSession, session } from './stores/session.js';

const pinia = createPinia();
createApp(App).use(pinia).use(router).use(i18n).mount('#app');
if (import.meta.env.PROD)
  registerServiceWorker({
    // Newer figures than the kept copies shown: the catalogue and the account are loaded again
    // here, the views' own data by useAsync (offline/connection.ts dataRevision).
    updated: (paths) => {
      if (paths.includes('/api/auth/me') && session.user) void loadSession();
      void useCatalogue(pinia).refresh(paths);
    },
    unauthorized: reportUnauthorized,
  });
