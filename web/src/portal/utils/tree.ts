// Code tables (categories, regions: {code, parent_code, name}) as cascader options, by code.
import type { RefItem } from '../api/types'

export interface TreeOption {
  value: string
  label: string
  children?: TreeOption[]
  [key: string]: unknown
}

export function buildTree(items: RefItem[]): TreeOption[] {
  const nodes = new Map<string, TreeOption>()
  for (const it of items) nodes.set(it.code, { value: it.code, label: it.name })
  const roots: TreeOption[] = []
  for (const it of [...items].sort((a, b) => a.code.localeCompare(b.code))) {
    const node = nodes.get(it.code)!
    const parent = it.parent_code ? nodes.get(it.parent_code) : undefined
    if (parent && parent !== node) (parent.children ??= []).push(node)
    else roots.push(node)
  }
  return roots
}

/** `0402` → `劳动和社会保障 / 拖欠农民工工资` */
export function pathName(items: RefItem[], code: string): string {
  const byCode = new Map(items.map((i) => [i.code, i]))
  const names: string[] = []
  const seen = new Set<string>()
  for (let c: string | undefined = code; c && byCode.has(c) && !seen.has(c); c = byCode.get(c)!.parent_code) {
    seen.add(c)
    names.unshift(byCode.get(c)!.name)
  }
  return names.join(' / ') || code
}
