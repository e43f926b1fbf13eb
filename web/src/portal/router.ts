// The portal's routes under /portal (history mode; the server answers portal.html for /portal and /portal/*).
// Only the landing page is in the first load; every other page is its own chunk.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import HomeView from './views/HomeView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title */
    title?: string
  }
}

export const PORTAL_BASE = '/portal'

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView, meta: { title: 'app.nav.home' } },
  { path: '/write', name: 'write', component: () => import('./views/WriteView.vue'), meta: { title: 'write.title' } },
  { path: '/receipt', name: 'receipt', component: () => import('./views/ReceiptView.vue'), meta: { title: 'receipt.title' } },
  { path: '/track', name: 'track', component: () => import('./views/TrackView.vue'), meta: { title: 'track.title' } },
  {
    path: '/reception',
    name: 'reception',
    component: () => import('./views/ReceptionView.vue'),
    meta: { title: 'reception.title' },
  },
  {
    path: '/reception/booked',
    name: 'booked',
    component: () => import('./views/BookedView.vue'),
    meta: { title: 'booking.doneTitle' },
  },
  {
    path: '/reception/my',
    name: 'my-booking',
    component: () => import('./views/MyBookingView.vue'),
    meta: { title: 'booking.lookupTitle' },
  },
  { path: '/:rest(.*)*', redirect: '/' },
]

export function createPortalRouter() {
  return createRouter({
    history: createWebHistory(PORTAL_BASE),
    routes,
    scrollBehavior: () => ({ top: 0 }),
  })
}
