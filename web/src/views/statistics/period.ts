// The 统计周期 picker of the statistics page: 年度 / 季度 / 月度 / 自定义 → the report's from/to (YYYY-MM-DD,
// inclusive). Whole calendar periods are asked for even when they are not over yet; the report states the day its
// figures stand at (`period.as_of`).

export type PeriodMode = 'year' | 'quarter' | 'month' | 'custom'
export type Quarter = 1 | 2 | 3 | 4

export interface PeriodState {
  mode: PeriodMode
  year: number
  quarter: Quarter
  /** 1–12 */
  month: number
  /** 自定义: [from, to] as YYYY-MM-DD */
  range: [string, string] | null
}

export interface DateRange {
  from: string
  to: string
}

const pad = (n: number) => String(n).padStart(2, '0')
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Days in `month` (1–12) of `year`: the Gregorian leap rule (2024 and 2000 leap, 2100 not). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

export function quarterOf(month: number): Quarter {
  return (Math.floor((month - 1) / 3) + 1) as Quarter
}

/** The period of a picker state, or null when it is incomplete or invalid (no custom range chosen yet). */
export function periodRange(s: PeriodState): DateRange | null {
  const y = s.year
  if (s.mode === 'custom') {
    if (!s.range || !DATE.test(s.range[0] ?? '') || !DATE.test(s.range[1] ?? '')) return null
    const [a, b] = s.range
    return a <= b ? { from: a, to: b } : { from: b, to: a }
  }
  if (!Number.isInteger(y) || y < 1900 || y > 9999) return null
  if (s.mode === 'year') return { from: `${y}-01-01`, to: `${y}-12-31` }
  if (s.mode === 'quarter') {
    if (![1, 2, 3, 4].includes(s.quarter)) return null
    const first = (s.quarter - 1) * 3 + 1
    const last = first + 2
    return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(last)}-${pad(daysInMonth(y, last))}` }
  }
  const m = s.month
  if (!Number.isInteger(m) || m < 1 || m > 12) return null
  return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(daysInMonth(y, m))}` }
}

/** The picker's first state: this year, with this quarter and month ready for the other modes. */
export function initialPeriod(today: string): PeriodState {
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7)) || 1
  return { mode: 'year', year, quarter: quarterOf(month), month, range: null }
}

/** The years offered (this year first), `count` of them. */
export function yearOptions(today: string, count = 10): number[] {
  const year = Number(today.slice(0, 4))
  return Array.from({ length: count }, (_, i) => year - i)
}
