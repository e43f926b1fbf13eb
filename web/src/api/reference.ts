// GET /api/v1/regions (行政区划 / 问题属地) and the pickers' views of the reference tables: the region tree for an
// ElCascader, the category tree for an ElTreeSelect, and a once-per-page-load cache of the regions.
import { api } from './client'
import type { ItemsResponse } from './types'
import { categoryTree, type Category, type CategoryNode } from './categories'

export interface Region {
  /** 6-digit county-level code, or a 9/12-digit township/village code */
  code: string
  /** '' at the top level */
  parent_code: string
  name: string
}

export interface RegionNode extends Region {
  /** undefined on leaves, so an ElCascader shows no expand arrow there */
  children?: RegionNode[]
}

export async function listRegions(): Promise<Region[]> {
  return (await api.get<ItemsResponse<Region>>('/regions')).items
}

/** Builds the tree from the flat list (orphans become roots); children in code order. */
export function regionTree(items: Region[]): RegionNode[] {
  const byCode = new Map<string, RegionNode>()
  for (const r of [...items].sort((a, b) => a.code.localeCompare(b.code))) byCode.set(r.code, { ...r })
  const roots: RegionNode[] = []
  for (const node of byCode.values()) {
    const parent = node.parent_code ? byCode.get(node.parent_code) : undefined
    if (parent && parent !== node) (parent.children ??= []).push(node)
    else roots.push(node)
  }
  return roots
}

/** Names from the top down, e.g. `云岭省 / 安平市 / 青山县`; '' when the code is unknown. */
export function regionPath(items: Region[] | Map<string, Region>, code: string, sep = ' / '): string {
  const map = items instanceof Map ? items : new Map(items.map((r) => [r.code, r]))
  const names: string[] = []
  const seen = new Set<string>()
  let cur = map.get(code)
  while (cur && !seen.has(cur.code)) {
    seen.add(cur.code)
    names.unshift(cur.name)
    cur = cur.parent_code ? map.get(cur.parent_code) : undefined
  }
  return names.join(sep)
}

/** The codes from the top down to `code` (an ElCascader value with emitPath); [] when unknown. */
export function regionCodePath(items: Region[] | Map<string, Region>, code: string): string[] {
  const map = items instanceof Map ? items : new Map(items.map((r) => [r.code, r]))
  const codes: string[] = []
  const seen = new Set<string>()
  let cur = map.get(code)
  while (cur && !seen.has(cur.code)) {
    seen.add(cur.code)
    codes.unshift(cur.code)
    cur = cur.parent_code ? map.get(cur.parent_code) : undefined
  }
  return codes
}

/** A 行政区划代码 as the server accepts it: 6 (county), 9 (township) or 12 (village) digits. */
export function isRegionCode(code: string): boolean {
  return /^\d{6}(\d{3}){0,2}$/.test(code)
}

/** Node of the category ElTreeSelect: value = code, label = name; `searchText` = "code name" for filtering. */
export interface CategoryOption {
  value: string
  label: string
  searchText: string
  children?: CategoryOption[]
}

/** The category tree as ElTreeSelect data (first level → second level). */
export function categoryOptions(items: Category[]): CategoryOption[] {
  const convert = (n: CategoryNode): CategoryOption => ({
    value: n.code,
    label: n.name,
    searchText: `${n.code} ${n.name}`,
    children: n.children.length ? n.children.map(convert) : undefined,
  })
  return categoryTree(items).map(convert)
}

/**
 * ElTreeSelect filter: matches the code prefix or the name, and — so that typing a first-level name shows its
 * whole branch — a child whose parent matches.
 */
export function categoryMatches(query: string, option: CategoryOption, parent?: CategoryOption): boolean {
  const q = query.trim().toLowerCase()
  if (!q) return true
  const hit = (o: CategoryOption) => o.value.startsWith(q) || o.label.toLowerCase().includes(q)
  return hit(option) || (!!parent && hit(parent))
}

// ------------------------------------------------------------------ cache for the page load
// (categories and orgs are cached by stores/reference.ts)

let regionsCache: Promise<Region[]> | null = null

/** GET /regions once per page load (a failed call is retried next time). */
export function cachedRegions(): Promise<Region[]> {
  regionsCache ??= listRegions().catch((e) => {
    regionsCache = null
    throw e
  })
  return regionsCache
}

/** Forget the cached regions (e.g. after an administrator imported new ones). */
export function resetRegionCache(): void {
  regionsCache = null
}
