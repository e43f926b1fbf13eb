import { describe, expect, it } from 'vitest'
import { daysInMonth, initialPeriod, periodRange, quarterOf, yearOptions, type PeriodState } from './period'

const state = (p: Partial<PeriodState>): PeriodState => ({ mode: 'year', year: 2025, quarter: 1, month: 1, range: null, ...p })

describe('统计周期 → from/to', () => {
  it('a year is 1 January to 31 December', () => {
    expect(periodRange(state({ mode: 'year', year: 2026 }))).toEqual({ from: '2026-01-01', to: '2026-12-31' })
  })

  it('a quarter runs from its first to its last day', () => {
    expect(periodRange(state({ mode: 'quarter', quarter: 1 }))).toEqual({ from: '2025-01-01', to: '2025-03-31' })
    expect(periodRange(state({ mode: 'quarter', quarter: 2 }))).toEqual({ from: '2025-04-01', to: '2025-06-30' })
    expect(periodRange(state({ mode: 'quarter', quarter: 3 }))).toEqual({ from: '2025-07-01', to: '2025-09-30' })
    expect(periodRange(state({ mode: 'quarter', quarter: 4 }))).toEqual({ from: '2025-10-01', to: '2025-12-31' })
  })

  it('a month ends on its last day, February by the leap-year rule', () => {
    expect(periodRange(state({ mode: 'month', month: 3 }))).toEqual({ from: '2025-03-01', to: '2025-03-31' })
    expect(periodRange(state({ mode: 'month', month: 4 }))).toEqual({ from: '2025-04-01', to: '2025-04-30' })
    expect(periodRange(state({ mode: 'month', month: 12 }))).toEqual({ from: '2025-12-01', to: '2025-12-31' })
    expect(periodRange(state({ mode: 'month', year: 2025, month: 2 }))?.to).toBe('2025-02-28')
    expect(periodRange(state({ mode: 'month', year: 2024, month: 2 }))?.to).toBe('2024-02-29')
    expect(periodRange(state({ mode: 'month', year: 2000, month: 2 }))?.to).toBe('2000-02-29')
    expect(periodRange(state({ mode: 'month', year: 2100, month: 2 }))?.to).toBe('2100-02-28')
    expect(daysInMonth(2028, 2)).toBe(29)
  })

  it('a custom range is taken as it is (ordered), and is required', () => {
    expect(periodRange(state({ mode: 'custom', range: ['2025-03-01', '2025-04-15'] }))).toEqual({
      from: '2025-03-01',
      to: '2025-04-15',
    })
    expect(periodRange(state({ mode: 'custom', range: ['2025-04-15', '2025-03-01'] }))).toEqual({
      from: '2025-03-01',
      to: '2025-04-15',
    })
    expect(periodRange(state({ mode: 'custom', range: null }))).toBeNull()
    expect(periodRange(state({ mode: 'custom', range: ['2025-03-01', ''] }))).toBeNull()
  })

  it('rejects impossible pickers', () => {
    expect(periodRange(state({ mode: 'month', month: 13 }))).toBeNull()
    expect(periodRange(state({ mode: 'quarter', quarter: 5 as never }))).toBeNull()
    expect(periodRange(state({ mode: 'year', year: Number.NaN }))).toBeNull()
  })

  it('starts on this year, with this quarter and month ready', () => {
    expect(initialPeriod('2026-11-22')).toEqual({ mode: 'year', year: 2026, quarter: 4, month: 11, range: null })
    expect(initialPeriod('2026-02-01')).toMatchObject({ quarter: 1, month: 2 })
    expect([1, 3, 4, 6, 7, 9, 10, 12].map(quarterOf)).toEqual([1, 1, 2, 2, 3, 3, 4, 4])
    expect(yearOptions('2026-11-22', 3)).toEqual([2026, 2025, 2024])
  })
})
