import { describe, expect, it } from 'vitest'
import { collectiveOf, fillMonths, formatPercent, formatRate, periodFor, shareOf, topRows } from './stats'
import type { Summary } from '@/api/stats'

describe('formatRate', () => {
  it('always shows numerator and denominator beside the percentage', () => {
    expect(formatRate({ numerator: 312, denominator: 350, value: 312 / 350 })).toBe('89.1%（312/350）')
    expect(formatRate({ numerator: 312, denominator: 350, value: 0.891 }, 'en')).toBe('89.1% (312/350)')
    expect(formatRate({ numerator: 0, denominator: 37, value: 0 })).toBe('0.0%（0/37）')
    expect(formatRate({ numerator: 6, denominator: 6, value: 1 })).toBe('100.0%（6/6）')
  })

  it('computes from the counts, not from a rounded value', () => {
    expect(formatRate({ numerator: 2, denominator: 3, value: 0.6 })).toBe('66.7%（2/3）')
  })

  it('gives a dash when the denominator is 0 or the rate is missing', () => {
    expect(formatRate({ numerator: 0, denominator: 0, value: null })).toBe('—')
    expect(formatRate(null)).toBe('—')
    expect(formatRate(undefined, 'en')).toBe('—')
  })

  it('formats plain percentages', () => {
    expect(formatPercent(0.8913)).toBe('89.1%')
    expect(formatPercent(null)).toBe('—')
    expect(formatPercent(Number.NaN)).toBe('—')
    expect(shareOf(1, 8)).toBe('12.5%')
    expect(shareOf(1, 0)).toBe('—')
  })
})

describe('periods and months', () => {
  it('starts this month / this year on the first day and ends today', () => {
    expect(periodFor('month', '2026-11-22')).toEqual({ from: '2026-11-01', to: '2026-11-22' })
    expect(periodFor('year', '2026-11-22')).toEqual({ from: '2026-01-01', to: '2026-11-22' })
  })

  it('fills months without registrations with zeros, across a year end', () => {
    const rows = [
      { key: '2025-12', label: '2025-12', batches: 3, persons: 4 },
      { key: '2026-02', label: '2026-02', batches: 1, persons: 1 },
    ]
    const out = fillMonths({ from: '2025-11-15', to: '2026-02-03' }, rows)
    expect(out.map((r) => [r.key, r.batches])).toEqual([
      ['2025-11', 0],
      ['2025-12', 3],
      ['2026-01', 0],
      ['2026-02', 1],
    ])
  })

  it('keeps rows outside the period and survives bad dates', () => {
    const rows = [{ key: '2030-01', label: 'x', batches: 1, persons: 1 }]
    expect(fillMonths({ from: '2026-01-01', to: '2026-01-31' }, rows).map((r) => r.key)).toEqual(['2026-01', '2030-01'])
    expect(fillMonths({ from: '', to: '' }, rows)).toEqual(rows)
  })
})

describe('breakdowns', () => {
  it('reads the collective figures', () => {
    const s = { by_form: [{ key: 'collective', label: '集体访', batches: 21, persons: 783 }] } as unknown as Summary
    expect(collectiveOf(s)).toEqual({ batches: 21, persons: 783 })
    expect(collectiveOf(null)).toEqual({ batches: 0, persons: 0 })
  })

  it('sums the smallest rows into "other"', () => {
    const rows = [1, 5, 3, 2].map((n, i) => ({ key: `k${i}`, label: `L${i}`, batches: n, persons: n * 2 }))
    const out = topRows(rows, 3, '其他')
    expect(out.map((r) => [r.label, r.batches, r.persons])).toEqual([
      ['L1', 5, 10],
      ['L2', 3, 6],
      ['其他', 3, 6],
    ])
    expect(topRows(rows, 4, 'x')).toHaveLength(4)
  })
})
