import { describe, expect, it } from 'vitest'
import type { Org, OrgKind } from '@/api/types'
import { buildOrgTree, orgPath, type OrgNode } from './orgTree'

const org = (id: number, parent: number | null, name: string, kind: OrgKind = 'department'): Org => ({
  id, parent_id: parent, name, kind, code: `o${id}`, level: 'county', level_label: '县', kind_label: '', region_code: '991021',
})
const orgs: Org[] = [
  org(1, null, '省信访局', 'petition_office'),
  org(4, 1, '市信访局', 'petition_office'),
  org(8, 4, '市公安局', 'political_legal'),
  org(11, 4, '县信访局', 'petition_office'),
  org(12, 11, '县人社局'),
  org(17, 11, '县委政法委', 'political_legal'),
  org(18, 11, '县纪委监委', 'discipline'),
]

const flat = (nodes: OrgNode[]): OrgNode[] => nodes.flatMap((n) => [n, ...flat(n.children)])
const selectable = (nodes: OrgNode[]) => flat(nodes).filter((n) => !n.disabled).map((n) => n.value)

describe('buildOrgTree', () => {
  it('builds the hierarchy', () => {
    const tree = buildOrgTree(orgs)
    expect(tree.map((n) => n.value)).toEqual([1])
    expect(tree[0].children[0].children.map((n) => n.value)).toEqual([8, 11])
    expect(selectable(tree)).toHaveLength(orgs.length)
  })

  it('keeps the current org as a disabled branch, and drops it when it is a leaf', () => {
    const tree = buildOrgTree(orgs, { excludeId: 11 })
    const node11 = flat(tree).find((n) => n.value === 11)!
    expect(node11.disabled).toBe(true)
    expect(node11.children.map((n) => n.value)).toEqual([12, 17, 18])
    expect(selectable(buildOrgTree(orgs, { excludeId: 12 }))).not.toContain(12)
    expect(flat(buildOrgTree(orgs, { excludeId: 12 })).some((n) => n.value === 12)).toBe(false)
  })

  it('offers only orgs of the given kinds, with their ancestors as disabled branches', () => {
    const tree = buildOrgTree(orgs, { excludeId: 11, kinds: ['political_legal'] })
    expect(selectable(tree)).toEqual([8, 17])
    expect(flat(tree).map((n) => n.value)).toEqual([1, 4, 8, 11, 17])
    expect(selectable(buildOrgTree(orgs, { kinds: ['discipline'] }))).toEqual([18])
  })

  it('survives orphans and an empty list', () => {
    expect(buildOrgTree([org(5, 99, '孤儿')]).map((n) => n.value)).toEqual([5])
    expect(buildOrgTree([])).toEqual([])
  })
})

describe('orgPath', () => {
  it('lists the ids from the root', () => {
    expect(orgPath(orgs, 12)).toEqual([1, 4, 11, 12])
    expect(orgPath(orgs, 1)).toEqual([1])
    expect(orgPath(orgs, 999)).toEqual([])
    expect(orgPath(orgs, null)).toEqual([])
  })
})
