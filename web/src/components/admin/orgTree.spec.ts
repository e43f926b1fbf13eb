import { describe, expect, it } from 'vitest'
import { buildOrgTree, filterBySubtree, orgPath, subtreeCounts, subtreeIds } from './orgTree'
import type { Org } from '@/api/types'

function org(id: number, parent_id: number | null, level: Org['level'] = 'county', kind: Org['kind'] = 'department'): Org {
  return { id, code: `o${id}`, parent_id, name: `单位${id}`, level, level_label: '', kind, kind_label: '', region_code: '991021' }
}

// 1 province ─ 4 city ─ 11 county ─ 12, 21
//                    └ 22 county
//          └ 2 province department
const orgs = [
  org(1, null, 'province', 'petition_office'),
  org(2, 1, 'province'),
  org(4, 1, 'city', 'petition_office'),
  org(11, 4, 'county', 'petition_office'),
  org(12, 11),
  org(21, 11, 'township', 'party_government'),
  org(22, 4, 'county', 'petition_office'),
]

describe('org subtree', () => {
  it('collects an org and everything below it', () => {
    expect([...subtreeIds(orgs, 4)].sort((a, b) => a - b)).toEqual([4, 11, 12, 21, 22])
    expect([...subtreeIds(orgs, 12)]).toEqual([12])
    expect([...subtreeIds(orgs, 99)]).toEqual([99])
  })

  it('filters rows by the current handling org', () => {
    const rows = [12, 2, 21, 22, 1].map((id, i) => ({ id: i, current_org_id: id }))
    expect(filterBySubtree(rows, orgs, 11).map((r) => r.current_org_id)).toEqual([12, 21])
    expect(filterBySubtree(rows, orgs, 4).map((r) => r.current_org_id)).toEqual([12, 21, 22])
    expect(filterBySubtree(rows, orgs, null)).toHaveLength(5)
  })

  it('counts rows per subtree', () => {
    const rows = [12, 12, 21, 2].map((id) => ({ current_org_id: id }))
    const c = subtreeCounts(rows, orgs)
    expect(c.get(1)).toBe(4)
    expect(c.get(4)).toBe(3)
    expect(c.get(11)).toBe(3)
    expect(c.get(12)).toBe(2)
    expect(c.get(22)).toBeUndefined()
  })

  it('survives a parent cycle', () => {
    const bad = [org(1, 2), org(2, 1)]
    expect([...subtreeIds(bad, 1)].sort()).toEqual([1, 2])
    expect(subtreeCounts([{ current_org_id: 1 }], bad).get(2)).toBe(1)
    expect(buildOrgTree(bad)).toHaveLength(2)
  })
})

describe('buildOrgTree', () => {
  it('nests by parent and orders offices first, then by level', () => {
    const tree = buildOrgTree(orgs)
    expect(tree.map((n) => n.id)).toEqual([1])
    expect(tree[0].children.map((n) => n.id)).toEqual([4, 2])
    expect(tree[0].children[0].children.map((n) => n.id)).toEqual([11, 22])
  })

  it('roots the tree at one org, and treats invisible parents as roots', () => {
    expect(buildOrgTree(orgs, 11).map((n) => [n.id, n.children.map((c) => c.id)])).toEqual([[11, [12, 21]]])
    expect(buildOrgTree(orgs, 404)).toEqual([])
    expect(buildOrgTree(orgs.filter((o) => o.id !== 1)).map((n) => n.id)).toEqual([4, 2])
  })

  it('names the path from the root', () => {
    expect(orgPath(orgs, 12)).toBe('单位1 / 单位4 / 单位11 / 单位12')
  })
})
