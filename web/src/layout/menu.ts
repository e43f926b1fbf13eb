// The left menu is built from the routes' `meta.menu` (see router/meta.d.ts), filtered by `meta.roles`, so a
// page helper adds a menu entry by adding its route file — no edit here. Groups (系统管理) are declared below.
import { markRaw, type Component } from 'vue'
import type { RouteRecordNormalized } from 'vue-router'
import { Setting } from '@element-plus/icons-vue'
import type { Role } from '@/api/types'

export interface MenuEntry {
  /** The route path (leaf) or `group:<name>` */
  index: string
  titleKey: string
  icon?: Component
  order: number
  children?: MenuEntry[]
}

export const MENU_GROUPS: Record<string, { titleKey: string; icon: Component; order: number }> = {
  admin: { titleKey: 'layout.menu.admin', icon: markRaw(Setting), order: 90 },
}

export function buildMenu(
  routes: readonly RouteRecordNormalized[],
  allowed: (roles: readonly Role[] | undefined) => boolean,
): MenuEntry[] {
  const top: MenuEntry[] = []
  const groups = new Map<string, MenuEntry>()
  for (const r of routes) {
    const menu = r.meta.menu
    if (!menu || !r.meta.title || !allowed(r.meta.roles)) continue
    const entry: MenuEntry = { index: r.path, titleKey: r.meta.title, icon: menu.icon, order: menu.order }
    if (menu.group) {
      let group = groups.get(menu.group)
      if (!group) {
        const def = MENU_GROUPS[menu.group] ?? { titleKey: menu.group, order: 99 }
        group = { index: `group:${menu.group}`, titleKey: def.titleKey, icon: def.icon, order: def.order, children: [] }
        groups.set(menu.group, group)
        top.push(group)
      }
      group.children!.push(entry)
    } else {
      top.push(entry)
    }
  }
  const byOrder = (a: MenuEntry, b: MenuEntry) => a.order - b.order
  for (const g of groups.values()) g.children!.sort(byOrder)
  return top.sort(byOrder)
}

/** The menu entry to highlight for a path: the longest menu path that prefixes it (/petitions/12 → /petitions). */
export function activeMenuIndex(path: string, entries: MenuEntry[]): string {
  const leaves = entries.flatMap((e) => (e.children ? e.children : [e]))
  let best = ''
  for (const l of leaves) {
    const p = l.index
    const matches = p === '/' ? path === '/' : path === p || path.startsWith(p + '/')
    if (matches && p.length > best.length) best = p
  }
  return best || path
}
