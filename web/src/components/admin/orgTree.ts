// Organisation trees (GET /orgs is a flat list joined by parent_id): the tree for el-tree / el-tree-select, and
// the ids of an org's subtree (本单位及下级) for client-side filtering.
import type { Org } from '@/api/types'

export interface OrgNode {
  id: number
  /** org.name (for el-tree's default `label` prop) */
  label: string
  org: Org
  children: OrgNode[]
}

/** What the org dialog edits: a new org under `org` (null = top level), or `org` itself. */
export interface OrgDialogTarget {
  mode: 'create' | 'edit'
  org: Org | null
}

const LEVEL_ORDER = ['national', 'province', 'city', 'county', 'township', 'village']

/** Petition offices first (the 信访 hierarchy), then departments, then governments; then by level and code. */
function compareOrgs(a: Org, b: Org): number {
  const rank = (o: Org) => (o.kind === 'petition_office' ? 0 : o.kind === 'party_government' ? 2 : 1)
  return (
    rank(a) - rank(b) ||
    LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) ||
    a.code.localeCompare(b.code) ||
    a.id - b.id
  )
}

/**
 * Builds the forest. With `rootId`, only that org's subtree (one root). Orgs whose parent is not in the list
 * (not visible to the user) become roots. Parent cycles cannot hang it.
 */
export function buildOrgTree(orgs: readonly Org[], rootId?: number | null): OrgNode[] {
  const nodes = new Map<number, OrgNode>()
  for (const o of orgs) nodes.set(o.id, { id: o.id, label: o.name, org: o, children: [] })
  const roots: OrgNode[] = []
  for (const node of nodes.values()) {
    const pid = node.org.parent_id
    const parent = pid != null && pid !== node.id ? nodes.get(pid) : undefined
    if (parent && !isAncestor(nodes, node.id, parent.id)) parent.children.push(node)
    else roots.push(node)
  }
  const sort = (list: OrgNode[]) => {
    list.sort((a, b) => compareOrgs(a.org, b.org))
    for (const n of list) sort(n.children)
  }
  sort(roots)
  if (rootId != null) {
    const root = nodes.get(rootId)
    return root ? [root] : []
  }
  return roots
}

/** True when `ancestorId` is `id` itself or above it (guards against cycles in bad data). */
function isAncestor(nodes: Map<number, OrgNode>, ancestorId: number, id: number): boolean {
  const seen = new Set<number>()
  let cur: number | null | undefined = id
  while (cur != null && !seen.has(cur)) {
    if (cur === ancestorId) return true
    seen.add(cur)
    cur = nodes.get(cur)?.org.parent_id
  }
  return false
}

/** The ids of `rootId` and every org below it. Unknown root → just { rootId }. */
export function subtreeIds(orgs: readonly Org[], rootId: number): Set<number> {
  const children = new Map<number, number[]>()
  for (const o of orgs) {
    if (o.parent_id == null) continue
    const list = children.get(o.parent_id) ?? []
    list.push(o.id)
    children.set(o.parent_id, list)
  }
  const out = new Set<number>([rootId])
  const stack = [rootId]
  while (stack.length) {
    const id = stack.pop()!
    for (const c of children.get(id) ?? []) {
      if (out.has(c)) continue
      out.add(c)
      stack.push(c)
    }
  }
  return out
}

/** Rows whose `current_org_id` lies in the subtree of `rootId`; all rows when rootId is null. */
export function filterBySubtree<T extends { current_org_id: number }>(
  rows: readonly T[],
  orgs: readonly Org[],
  rootId: number | null | undefined,
): T[] {
  if (rootId == null) return [...rows]
  const ids = subtreeIds(orgs, rootId)
  return rows.filter((r) => ids.has(r.current_org_id))
}

/** How many rows fall in each org's subtree (for the counts beside the tree nodes). */
export function subtreeCounts<T extends { current_org_id: number }>(
  rows: readonly T[],
  orgs: readonly Org[],
): Map<number, number> {
  const parent = new Map<number, number | null>(orgs.map((o) => [o.id, o.parent_id]))
  const counts = new Map<number, number>()
  for (const r of rows) {
    const seen = new Set<number>()
    let cur: number | null | undefined = r.current_org_id
    while (cur != null && !seen.has(cur)) {
      seen.add(cur)
      counts.set(cur, (counts.get(cur) ?? 0) + 1)
      cur = parent.get(cur)
    }
  }
  return counts
}

/** Names from the root down, e.g. 安平市信访局 / 青山县信访局. */
export function orgPath(orgs: readonly Org[], id: number, sep = ' / '): string {
  const map = new Map(orgs.map((o) => [o.id, o]))
  const names: string[] = []
  const seen = new Set<number>()
  let cur = map.get(id)
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id)
    names.unshift(cur.name)
    cur = cur.parent_id != null ? map.get(cur.parent_id) : undefined
  }
  return names.join(sep)
}
