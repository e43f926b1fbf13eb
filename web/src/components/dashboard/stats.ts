// Pure helpers of the 统计概览 page: periods, rates written with their numerator and denominator, month series.
import type { CountRow, Rate, Summary } from '@/api/stats'

/** A row of a chart's text alternative. */
export type ChartRow = Pick<CountRow, 'label' | 'batches' | 'persons'>

export type PeriodKind = 'month' | 'year' | 'custom'

export interface Period {
  from: string
  to: string
}

/** 本月 = the 1st of this month to today; 本年 = 1 January to today (dates YYYY-MM-DD). */
export function periodFor(kind: 'month' | 'year', today: string): Period {
  const from = kind === 'month' ? `${today.slice(0, 7)}-01` : `${today.slice(0, 4)}-01-01`
  return { from, to: today }
}

/** `0.8913` → `89.1%`; null → `—`. */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return `${(value * 100).toFixed(digits)}%`
}

/**
 * A rate always with its numerator and denominator: `89.1%（312/350）` (zh-CN, full-width brackets) or
 * `89.1% (312/350)` (en). A denominator of 0 gives `—` (no rate can be stated).
 */
export function formatRate(rate: Rate | null | undefined, locale: string = 'zh-CN'): string {
  if (!rate || !rate.denominator) return '—'
  const pct = formatPercent(rate.numerator / rate.denominator)
  return locale.startsWith('zh') ? `${pct}（${rate.numerator}/${rate.denominator}）` : `${pct} (${rate.numerator}/${rate.denominator})`
}

/** Every month from `from` to `to` (YYYY-MM-DD, inclusive) with the rows' figures; missing months are zero. */
export function fillMonths(period: Period, rows: readonly CountRow[]): CountRow[] {
  const byKey = new Map(rows.map((r) => [r.key, r]))
  const out: CountRow[] = []
  let y = Number(period.from.slice(0, 4))
  let m = Number(period.from.slice(5, 7))
  const endY = Number(period.to.slice(0, 4))
  const endM = Number(period.to.slice(5, 7))
  if (!y || !m || !endY || !endM) return [...rows]
  for (let guard = 0; (y < endY || (y === endY && m <= endM)) && guard < 1200; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`
    out.push(byKey.get(key) ?? { key, label: key, batches: 0, persons: 0 })
    m++
    if (m > 12) {
      m = 1
      y++
    }
  }
  // Rows outside the period (should not happen) are kept at the end rather than dropped silently.
  for (const r of rows) if (!out.some((o) => o.key === r.key)) out.push(r)
  return out
}

/** 集体访 (5 persons or more) figures of a summary. */
export function collectiveOf(s: Summary | null | undefined): { batches: number; persons: number } {
  const row = s?.by_form.find((r) => r.key === 'collective')
  return { batches: row?.batches ?? 0, persons: row?.persons ?? 0 }
}

/** Rows sorted by 批次 (largest first), the smallest beyond `max` summed into one "other" row. */
export function topRows(rows: readonly CountRow[], max: number, otherLabel: string): CountRow[] {
  const sorted = [...rows].sort((a, b) => b.batches - a.batches || a.key.localeCompare(b.key))
  if (sorted.length <= max) return sorted
  const head = sorted.slice(0, max - 1)
  const rest = sorted.slice(max - 1)
  head.push({
    key: '_other',
    label: otherLabel,
    batches: rest.reduce((n, r) => n + r.batches, 0),
    persons: rest.reduce((n, r) => n + r.persons, 0),
  })
  return head
}

/** The share of `part` in `whole` as `12.5%`, or `—` for an empty whole. */
export function shareOf(part: number, whole: number): string {
  return whole ? formatPercent(part / whole) : '—'
}
