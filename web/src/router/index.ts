// The router: collects the route records exported by every file in ./routes/*.ts (each exports `default` an
// array of RouteRecordRaw), so each page helper adds its own file. History mode; the server answers every
// non-API GET path with index.html.
//
// Guard: pages are private unless `meta.public`; without a session → /login?redirect=<full path>.
// `meta.roles` restricts a page to some roles.
import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router'
import { ensureSession, allowedFor } from '@/stores/session'
import { openTab } from '@/stores/tabs'
import { t } from '@/i18n'
import { updateDocumentTitle } from '@/utils/title'

type RouteModule = { default: RouteRecordRaw[] }

export function collectRoutes(modules: Record<string, RouteModule>): RouteRecordRaw[] {
  const routes: RouteRecordRaw[] = []
  for (const path of Object.keys(modules).sort()) {
    const records = modules[path].default
    if (!Array.isArray(records)) {
      console.warn(`[router] ${path} must export default an array of routes`)
      continue
    }
    routes.push(...records)
  }
  // The catch-all goes last whatever the file order.
  routes.push({
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/errors/NotFoundView.vue'),
    meta: { title: 'layout.notFound', tab: false },
  })
  return routes
}

export const routes = collectRoutes(import.meta.glob<RouteModule>('./routes/*.ts', { eager: true }))

/** Only same-site paths are accepted as a redirect target after logging in. */
export function safeRedirect(target: unknown): string {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/login'))
    return '/'
  return target
}

export function installGuards(router: Router): void {
  router.beforeEach(async (to) => {
    if (to.meta.public) return true
    let user
    try {
      user = await ensureSession()
    } catch {
      ElMessage.error({ message: t('common.errors.network'), grouping: true })
      user = null
    }
    if (!user) return { name: 'login', query: { redirect: to.fullPath } }
    if (!allowedFor(to.meta.roles)) {
      ElMessage.warning({ message: t('common.errors.forbidden'), grouping: true })
      return to.name === 'workbench' ? true : { name: 'workbench' }
    }
    return true
  })

  router.afterEach((to, _from, failure) => {
    if (failure) return
    openTab(to)
    updateDocumentTitle(to.meta.title)
  })
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior(_to, _from, saved) {
    return saved ?? { top: 0 }
  },
})

installGuards(router)

export default router
