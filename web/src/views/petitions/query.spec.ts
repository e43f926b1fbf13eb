import { describe, expect, it } from 'vitest'
import {
  emptyFilters,
  filtersFromQuery,
  filtersToQuery,
  regionFromPrefix,
  regionPrefix,
  sameQuery,
  toExportQuery,
  toListRequest,
} from './query'

describe('filters from the URL', () => {
  it('reads the list parameters', () => {
    const f = filtersFromQuery({
      state: 'forwarded',
      channel: 'visit',
      purpose: 'complaint',
      category: '04',
      region: '991021',
      number: ' 991021-2026-000001 ',
      from: '2026-01-01',
      to: '2026-03-31',
      open: '1',
      org_id: '11',
    })
    expect(f).toMatchObject({
      state: 'forwarded',
      channel: 'visit',
      purpose: 'complaint',
      category: '04',
      region: '991021',
      number: '991021-2026-000001',
      from: '2026-01-01',
      to: '2026-03-31',
      open: true,
      org_id: 11,
      deadline: '',
    })
  })

  it('understands the workbench links', () => {
    expect(filtersFromQuery({ overdue: '1' }).deadline).toBe('overdue')
    expect(filtersFromQuery({ overdue: 'true' }).deadline).toBe('overdue')
    expect(filtersFromQuery({ queue: 'overdue' }).deadline).toBe('overdue')
    expect(filtersFromQuery({ queue: 'due-soon', days: '3' })).toMatchObject({ deadline: 'due-soon', days: 3 })
    expect(filtersFromQuery({ queue: 'due-soon' })).toMatchObject({ deadline: 'due-soon', days: 3 })
    expect(filtersFromQuery({ due_within: '7' })).toMatchObject({ deadline: 'due-within', days: 7 })
    expect(filtersFromQuery({ queue: 'my-approval' }, { myOrgId: 11 })).toMatchObject({ state: 'accepted', org_id: 11 })
    expect(filtersFromQuery({ open: '1' }).open).toBe(true)
  })

  it('ignores malformed values', () => {
    const f = filtersFromQuery({
      state: 'nonsense',
      channel: 'pigeon',
      category: 'x',
      region: '99a',
      from: '2026/01/01',
      org_id: 'abc',
      open: 'yes',
      due_within: '999',
    })
    expect(f).toEqual(emptyFilters())
  })

  it('takes the first of repeated parameters', () => {
    expect(filtersFromQuery({ state: ['accepted', 'forwarded'] }).state).toBe('accepted')
  })
})

describe('filters to the URL', () => {
  it('leaves out empty values and round-trips', () => {
    expect(filtersToQuery(emptyFilters())).toEqual({})
    const queries: Record<string, string>[] = [
      { state: 'forwarded', org_id: '11' },
      { overdue: '1' },
      { queue: 'due-soon', days: '3' },
      { due_within: '7', open: '1' },
      { category: '04', region: '9910', from: '2026-01-01', to: '2026-01-31', channel: 'letter', purpose: 'accusation' },
    ]
    for (const q of queries) expect(filtersToQuery(filtersFromQuery(q))).toEqual(q)
  })

  it('writes queue=overdue as overdue=1', () => {
    expect(filtersToQuery(filtersFromQuery({ queue: 'overdue' }))).toEqual({ overdue: '1' })
  })

  it('compares queries regardless of order', () => {
    expect(sameQuery({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true)
    expect(sameQuery({ a: '1' }, { a: '1', b: '' })).toBe(true)
    expect(sameQuery({ a: '1' }, { a: '2' })).toBe(false)
  })
})

describe('what to ask the server', () => {
  it('uses GET /petitions with overdue / due_within', () => {
    const f = { ...emptyFilters(), deadline: 'overdue' as const, open: true, org_id: 11 }
    expect(toListRequest(f, 50)).toEqual({
      source: 'list',
      query: { limit: 50, open: true, org_id: 11, overdue: true },
      notOverdue: false,
    })
    expect(toListRequest({ ...emptyFilters(), deadline: 'due-within', days: 7 }, 20).query).toEqual({ limit: 20, due_within: 7 })
  })

  it('uses the due-soon queue for 三日内到期, without overdue rows', () => {
    const r = toListRequest({ ...emptyFilters(), deadline: 'due-soon', days: 3, state: 'accepted' }, 50)
    expect(r).toEqual({ source: 'due-soon', query: { limit: 50, days: 3, state: 'accepted' }, notOverdue: true })
  })
})

describe('region prefixes', () => {
  it('turns province and city codes into prefixes and back', () => {
    expect(regionPrefix('990000')).toBe('99')
    expect(regionPrefix('991000')).toBe('9910')
    expect(regionPrefix('991021')).toBe('991021')
    expect(regionPrefix('991021001')).toBe('991021001')
    expect(regionFromPrefix('99')).toBe('990000')
    expect(regionFromPrefix('9910')).toBe('991000')
    expect(regionFromPrefix('991021')).toBe('991021')
    expect(regionFromPrefix('')).toBe('')
  })
})

describe('the Excel export of the list', () => {
  it('sends the list parameters of the current filters, without paging', () => {
    const f = filtersFromQuery({ state: 'accepted', open: '1', org_id: '11', category: '04', overdue: '1' })
    expect(toExportQuery(f)).toEqual({ state: 'accepted', open: true, org_id: 11, category: '04', overdue: true })
    expect(toExportQuery(emptyFilters())).toEqual({})
  })

  it('turns the due-soon queue into due_within', () => {
    const f = filtersFromQuery({ queue: 'due-soon', days: '5' })
    expect(toExportQuery(f)).toEqual({ due_within: 5 })
    expect(toExportQuery(filtersFromQuery({ due_within: '7' }))).toEqual({ due_within: 7 })
  })
})
