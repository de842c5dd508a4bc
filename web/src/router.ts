// Views are routes (the "view" part of the URL state); each loads lazily so the first page only
// downloads what it draws. Query parameters carry indikator, periode and area.
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { setUnauthorizedHandler } from './api/client.js';
import {
  forgetSession,
  homePath,
  loadSession,
  ownArea,
  session,
  viewsFor,
} from './stores/session.js';

export const routes = [
  { path: '/masuk', name: 'masuk', component: () => import('./views/LoginView.vue') },
  { path: '/', name: 'ringkasan', component: () => import('./views/RingkasanView.vue') },
  // A kabupaten of a province instance: the same summary, one level down (its kecamatan).
  {
    path: '/kabupaten/:code',
    name: 'kabupaten',
    component: () => import('./views/RingkasanView.vue'),
  },
  {
    path: '/kecamatan/:code?',
    name: 'kecamatan',
    component: () => import('./views/KecamatanView.vue'),
  },
  // A desa page (issue 6): where a PUSKESOS account lands; a drill-down from the kecamatan page.
  { path: '/desa/:kode', name: 'desa', component: () => import('./views/DesaView.vue') },
  {
    path: '/desa/:kode/daftar/:indikator',
    name: 'daftar',
    component: () => import('./views/DaftarView.vue'),
  },
  { path: '/rujukan', name: 'rujukan', component: () => import('./views/RujukanView.vue') },
  { path: '/cakupan', name: 'cakupan', component: () => import('./views/CakupanView.vue') },
  { path: '/anggaran', name: 'anggaran', component: () => import('./views/AnggaranView.vue') },
  { path: '/data', name: 'data', component: () => import('./views/DataView.vue') },
  {
    path: '/presentasi',
    name: 'presentasi',
    component: () => import('./views/PresentasiView.vue'),
  },
  // Pokja coordination (issue 5): meetings, agenda, actions, A4 brief, rakor summary, targets.
  { path: '/pokja', name: 'pokja', component: () => import('./views/pokja/PokjaView.vue') },
  {
    path: '/pokja/rapat/:id(\\d+)',
    name: 'pokja-rapat',
    component: () => import('./views/pokja/RapatView.vue'),
  },
  {
    path: '/pokja/rapat/:id(\\d+)/brief',
    name: 'pokja-brief',
    component: () => import('./views/pokja/BriefView.vue'),
  },
  {
    path: '/pokja/rakor',
    name: 'pokja-rakor',
    component: () => import('./views/pokja/RakorView.vue'),
  },
  {
    path: '/pokja/target',
    name: 'pokja-target',
    component: () => import('./views/pokja/TargetView.vue'),
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

/**
 * Every page but the login page needs a session (the API enforces it; this only saves a round of
 * 401s). A CAMAT or PUSKESOS account lands on its own area instead of the kabupaten.
 */
router.beforeEach(async (to) => {
  if (to.name === 'masuk') return true;
  if (!session.checked) await loadSession();
  if (!session.user) return { name: 'masuk', query: { next: to.fullPath } };
  return ownAreaRoute(to);
});

const AREA_QUERY_VIEWS = ['rujukan', 'cakupan'];

/**
 * Accounts bound to an area (a kabupaten's PIMPINAN on a province instance, CAMAT, PUSKESOS)
 * start on their own area (an OPD on the referrals page), and a view
 * they cannot use leads there too. Another area's page is not redirected: the page itself says
 * the account may not see it.
 */
function ownAreaRoute(to: RouteLocationNormalized) {
  const home = homePath(session.access);
  if (!home) return true;
  const query = Object.fromEntries(
    ['periode', 'indikator'].filter((k) => to.query[k]).map((k) => [k, to.query[k]]),
  );
  const views = viewsFor(session.access);
  const kabupatenWide = to.name === 'ringkasan' || (to.name === 'kecamatan' && !to.params.code);
  if (kabupatenWide || (views && !views.includes(String(to.name))))
    return to.path === home ? true : { path: home, query };
  const own = ownArea(session.access);
  if (own && AREA_QUERY_VIEWS.includes(String(to.name)) && !to.query.area)
    return {
      path: to.path,
      query: { ...to.query, area: own.desa ?? own.kecamatan ?? own.kabupaten },
    };
  return true;
}

/**
 * A page shell kept by the service worker from an earlier release may name a view's code that is
 * no longer served: load the page again (the service worker has the new shell by then), once.
 */
router.onError((error: unknown, to: RouteLocationNormalized) => {
  const message = error instanceof Error ? error.message : String(error);
  if (!/dynamically imported module|module script failed/i.test(message)) return;
  const key = 'slrt-reloaded-for';
  if (sessionStorage.getItem(key) === to.fullPath) return;
  sessionStorage.setItem(key, to.fullPath);
  window.location.assign(to.fullPath);
});

// A 401 from any call (the session expired, or was ended elsewhere): to the login page, and back.
setUnauthorizedHandler(() => {
  forgetSession();
  const current = router.currentRoute.value;
  if (current.name !== 'masuk')
    void router.replace({ name: 'masuk', query: { next: current.fullPath } });
});
