// 标签页: the pages the user has opened, shown above the content. Kept per browser tab in sessionStorage.
// A route opens a tab unless `meta.tab === false`; `meta.affix` tabs (the workbench) cannot be closed.
// A page may rename its tab, e.g. the case detail shows its number: setTabTitle(route.path, doc.number).
import { reactive, watch } from 'vue'
import type { RouteLocationNormalizedLoaded } from 'vue-router'

export interface Tab {
  /** route.path: one tab per path; query changes update the tab's fullPath */
  key: string
  fullPath: string
  /** i18n key of the title (route meta.title) */
  titleKey: string
  /** Set by the page; shown instead of titleKey */
  title?: string
  affix: boolean
}

const STORAGE_KEY = 'xf.tabs'
const MAX_TABS = 20

function load(): Tab[] {
  try {
    const v = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]')
    return Array.isArray(v) ? v.filter((x) => x && typeof x.key === 'string') : []
  } catch {
    return []
  }
}

export const tabs = reactive<Tab[]>(load())

watch(
  tabs,
  (v) => {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(v))
    } catch {
      /* ignore */
    }
  },
  { deep: true },
)

export function openTab(route: RouteLocationNormalizedLoaded): void {
  if (route.meta.tab === false || route.meta.public || !route.meta.title) return
  const key = route.path
  const existing = tabs.find((t) => t.key === key)
  if (existing) {
    existing.fullPath = route.fullPath
    return
  }
  const tab: Tab = { key, fullPath: route.fullPath, titleKey: route.meta.title, affix: !!route.meta.affix }
  if (tab.affix) tabs.unshift(tab)
  else tabs.push(tab)
  // Oldest closable tabs go first when there are too many.
  while (tabs.length > MAX_TABS) {
    const i = tabs.findIndex((t) => !t.affix && t.key !== key)
    if (i < 0) break
    tabs.splice(i, 1)
  }
}

/** Closes a tab; returns the fullPath to show next when the closed tab was the active one. */
export function closeTab(key: string, activeKey: string): string | null {
  const i = tabs.findIndex((t) => t.key === key)
  if (i < 0 || tabs[i].affix) return null
  tabs.splice(i, 1)
  if (key !== activeKey) return null
  const next = tabs[i] ?? tabs[i - 1] ?? tabs[0]
  return next ? next.fullPath : '/'
}

export function closeOtherTabs(keepKey: string): void {
  for (let i = tabs.length - 1; i >= 0; i--) if (!tabs[i].affix && tabs[i].key !== keepKey) tabs.splice(i, 1)
}

export function closeAllTabs(): void {
  for (let i = tabs.length - 1; i >= 0; i--) if (!tabs[i].affix) tabs.splice(i, 1)
}

export function setTabTitle(key: string, title: string): void {
  const tab = tabs.find((t) => t.key === key)
  if (tab) tab.title = title
}

export function resetTabs(): void {
  tabs.splice(0, tabs.length)
}
