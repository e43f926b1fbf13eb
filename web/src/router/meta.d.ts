// Route meta used by the guard, the menu and the tabs. Every route file under routes/ fills these.
import 'vue-router'
import type { Component } from 'vue'
import type { Role } from '@/api/types'

export {}

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title (document title, tab, menu), e.g. 'layout.menu.register' */
    title?: string
    /** Reachable without logging in (the log-in page). Public pages are shown without the console layout. */
    public?: boolean
    /** Only users with one of these roles may open the page (and see its menu entry). Omit: everyone. */
    roles?: Role[]
    /** Shown in the left menu. `group: 'admin'` puts it under 系统管理. Lower `order` comes first. */
    menu?: { order: number; icon?: Component; group?: 'admin' }
    /** The tab cannot be closed (the workbench). */
    affix?: boolean
    /** false: opening the page does not add a tab. */
    tab?: boolean
  }
}
