// The org picker of 转送/交办/移交: the orgs (GET /orgs, flat with parent_id) as an ElTreeSelect tree. The org
// holding the case is kept for the structure but cannot be chosen; for 转政法/转纪检监察 only orgs of that kind
// can be chosen and branches without any are dropped.
import type { Org, OrgKind } from '@/api/types'

export interface OrgNode {
  value: number
  label: string
  kind: OrgKind
  disabled: boolean
  children: OrgNode[]
}

export interface OrgTreeOptions {
  /** Not selectable (the current org) */
  excludeId?: number
  /** Only these kinds are selectable; others stay as disabled branches when they hold a selectable org */
  kinds?: readonly OrgKind[]
}

export function buildOrgTree(orgs: readonly Org[], opts: OrgTreeOptions = {}): OrgNode[] {
  const nodes = new Map<number, OrgNode>()
  for (const o of orgs) {
    const selectable = o.id !== opts.excludeId && (!opts.kinds || opts.kinds.includes(o.kind))
    nodes.set(o.id, { value: o.id, label: o.name, kind: o.kind, disabled: !selectable, children: [] })
  }
  const roots: OrgNode[] = []
  for (const o of orgs) {
    const node = nodes.get(o.id)!
    const parent = o.parent_id != null ? nodes.get(o.parent_id) : undefined
    if (parent && parent !== node) parent.children.push(node)
    else roots.push(node)
  }
  const prune = (list: OrgNode[]): OrgNode[] =>
    list.filter((n) => {
      n.children = prune(n.children)
      return !n.disabled || n.children.length > 0
    })
  return prune(roots)
}

/** Ids on the path from a root to `id` (to open the tree where the user works). */
export function orgPath(orgs: readonly Org[], id: number | null | undefined): number[] {
  const byId = new Map(orgs.map((o) => [o.id, o]))
  const path: number[] = []
  const seen = new Set<number>()
  let cur = id == null ? undefined : byId.get(id)
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id)
    path.unshift(cur.id)
    cur = cur.parent_id != null ? byId.get(cur.parent_id) : undefined
  }
  return path
}
