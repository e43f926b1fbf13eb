// 信访件检索 and the URL: the form from ?q=…&order=…&filters, back again, and the GET /search parameters.
import { describe, expect, it } from 'vitest'
import {
  emptySearchForm,
  hasFilters,
  queryProblem,
  searchFormFromQuery,
  searchFormToQuery,
  toSearchQuery,
  toggleCategory,
} from './query'

describe('search form and URL', () => {
  it('reads the words, order and filters from the URL, ignoring malformed values', () => {
    expect(
      searchFormFromQuery({
        q: '  拆迁补偿 ',
        order: 'newest',
        state: 'accepted',
        channel: 'visit',
        category: '02',
        from: '2025-01-01',
        to: '2025-13',
      }),
    ).toEqual({ q: '拆迁补偿', order: 'newest', state: 'accepted', channel: 'visit', category: '02', from: '2025-01-01', to: '' })
    expect(searchFormFromQuery({ q: ['工资', '拆迁'], order: 'random', state: 'nope', category: '0x' })).toEqual({
      ...emptySearchForm(),
      q: '工资',
    })
    expect(searchFormFromQuery({})).toEqual(emptySearchForm())
  })

  it('writes the URL without empty values or the default order', () => {
    expect(searchFormToQuery({ ...emptySearchForm(), q: ' 拖欠工资 ' })).toEqual({ q: '拖欠工资' })
    const f = { ...emptySearchForm(), q: '拆迁', order: 'newest' as const, state: 'registered' as const, category: '0202', to: '2026-01-31' }
    expect(searchFormToQuery(f)).toEqual({ q: '拆迁', order: 'newest', state: 'registered', category: '0202', to: '2026-01-31' })
    // round trip
    expect(searchFormFromQuery(searchFormToQuery(f) as Record<string, string>)).toEqual(f)
  })

  it('knows when filters are set', () => {
    expect(hasFilters({ ...emptySearchForm(), q: 'x', order: 'newest' })).toBe(false)
    expect(hasFilters({ ...emptySearchForm(), from: '2025-01-01' })).toBe(true)
  })
})

describe('the words', () => {
  it('must not be empty or longer than 200 characters (code points, trimmed)', () => {
    expect(queryProblem('')).toBe('empty')
    expect(queryProblem(' \u3000 '.trim())).toBe('empty')
    expect(queryProblem('   ')).toBe('empty')
    expect(queryProblem('拆迁')).toBeNull()
    expect(queryProblem('拆'.repeat(200))).toBeNull()
    expect(queryProblem('拆'.repeat(201))).toBe('tooLong')
    expect(queryProblem('𠀀'.repeat(200))).toBeNull() // astral characters count once
  })
})

describe('GET /search parameters', () => {
  it('sends the filters, the order only when not by relevance, and the cursor of a later page', () => {
    const f = { ...emptySearchForm(), q: ' 拆迁 ', channel: 'letter' as const, from: '2025-01-01' }
    expect(toSearchQuery(f)).toEqual({ q: '拆迁', limit: 20, channel: 'letter', from: '2025-01-01' })
    expect(toSearchQuery({ ...f, order: 'newest' }, 'c1', 50)).toEqual({
      q: '拆迁',
      limit: 50,
      order: 'newest',
      channel: 'letter',
      from: '2025-01-01',
      cursor: 'c1',
    })
  })

  it('toggles a category facet', () => {
    expect(toggleCategory('', '02')).toBe('02')
    expect(toggleCategory('02', '02')).toBe('')
    expect(toggleCategory('0202', '04')).toBe('04')
  })
})
