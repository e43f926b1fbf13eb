// GET /api/v1/categories — the 内容分类 tree (flat list joined by `parent`).
import { api } from './client'
import type { ItemsResponse } from './types'

export interface Category {
  /** e.g. `0402` */
  code: string
  /** Parent code; '' at the top level. */
  parent: string
  name: string
}

export interface CategoryNode extends Category {
  children: CategoryNode[]
}

export async function listCategories(): Promise<Category[]> {
  return (await api.get<ItemsResponse<Category>>('/categories')).items
}

/** Builds the tree (e.g. for an ElCascader / ElTreeSelect with value = code, label = name). */
export function categoryTree(items: Category[]): CategoryNode[] {
  const byCode = new Map<string, CategoryNode>()
  for (const c of items) byCode.set(c.code, { ...c, children: [] })
  const roots: CategoryNode[] = []
  for (const node of byCode.values()) {
    const parent = node.parent ? byCode.get(node.parent) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

/** Full name path, e.g. `劳动和社会保障 / 拖欠工资`. */
export function categoryPath(items: Category[] | Map<string, Category>, code: string, sep = ' / '): string {
  const map = items instanceof Map ? items : new Map(items.map((c) => [c.code, c]))
  const names: string[] = []
  let cur = map.get(code)
  const seen = new Set<string>()
  while (cur && !seen.has(cur.code)) {
    seen.add(cur.code)
    names.unshift(cur.name)
    cur = cur.parent ? map.get(cur.parent) : undefined
  }
  return names.join(sep)
}
