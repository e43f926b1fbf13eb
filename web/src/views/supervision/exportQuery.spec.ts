import { describe, expect, it } from 'vitest'
import { buildQuery } from '@/api/client'
import { petitionsExportParams } from '@/api/exports'
import { hasSubordinates, queueExportFilename, queueExportQuery } from './exportQuery'

const url = (q: Parameters<typeof petitionsExportParams>[0]) => buildQuery(petitionsExportParams(q))

describe('queue export query', () => {
  it('maps 超期 to overdue=1', () => {
    expect(queueExportQuery('overdue', { days: 7, orgId: null })).toEqual({ overdue: true })
    expect(url(queueExportQuery('overdue', { days: 7, orgId: null }))).toBe('?overdue=1')
  })

  it('maps 即将到期 with N days to due_within=N', () => {
    for (const n of [3, 7, 15]) {
      expect(queueExportQuery('due-soon', { days: n, orgId: null })).toEqual({ due_within: n })
      expect(url(queueExportQuery('due-soon', { days: n, orgId: null }))).toBe(`?due_within=${n}`)
    }
  })

  it('adds the org chosen in the tree as org_id with its subordinates', () => {
    expect(url(queueExportQuery('overdue', { days: 3, orgId: 12 }))).toBe('?overdue=1&org_id=12&subtree=1')
    expect(url(queueExportQuery('due-soon', { days: 15, orgId: 4 }))).toBe('?due_within=15&org_id=4&subtree=1')
  })

  it('never mixes the two deadline filters or sends paging', () => {
    const o = queueExportQuery('overdue', { days: 3, orgId: null })
    const d = queueExportQuery('due-soon', { days: 3, orgId: null })
    expect(o).not.toHaveProperty('due_within')
    expect(d).not.toHaveProperty('overdue')
    for (const q of [o, d]) {
      expect(q).not.toHaveProperty('limit')
      expect(q).not.toHaveProperty('cursor')
      expect(q).not.toHaveProperty('days')
    }
  })
})

describe('hasSubordinates', () => {
  const orgs = [
    { id: 1, parent_id: null },
    { id: 2, parent_id: 1 },
    { id: 3, parent_id: 2 },
  ]
  it('is true for an org with children, false for a leaf or no org', () => {
    expect(hasSubordinates(orgs, 1)).toBe(true)
    expect(hasSubordinates(orgs, 2)).toBe(true)
    expect(hasSubordinates(orgs, 3)).toBe(false)
    expect(hasSubordinates(orgs, null)).toBe(false)
    expect(hasSubordinates(orgs, 99)).toBe(false)
  })
})

describe('queueExportFilename', () => {
  it('dates the fallback name', () => {
    expect(queueExportFilename('督办_超期', new Date(2026, 2, 5, 9, 7))).toBe('督办_超期_20260305.xlsx')
  })
})
