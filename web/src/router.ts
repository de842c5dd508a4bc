// Views are routes (the "view" part of the URL state); each loads lazily so the first page only
// downloads what it draws. Query parameters carry indikator, periode and area.
import { createRouter, createWebHistory } from 'vue-router';

export const routes = [
  { path: '/', name: 'ringkasan', component: () => import('./views/RingkasanView.vue') },
  {
    path: '/kecamatan/:code?',
    name: 'kecamatan',
    component: () => import('./views/KecamatanView.vue'),
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
