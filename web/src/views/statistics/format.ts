// Display helpers of the statistics page: percentages (the API sends percent with one decimal), 同比 and the change
// of a rate in 百分点, each as a direction (for the arrow icon and colour) plus a text — colour is never alone.
// Percentages computed here round like the server: from exact counts, once, half away from zero.

export type Trend = 'up' | 'down' | 'flat' | 'none'

/** A translate function (vue-i18n's `t`). */
export type Translate = (key: string, values?: Record<string, unknown>) => string

/** `59.8` → `59.8%`; null/NaN → `—`. */
export function formatPct(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return `${value.toFixed(1)}%`
}

/** A count with grouping (`1,024`); null → `—`. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return value.toLocaleString('zh-CN')
}

/** `numerator / denominator` × 100 in percent with one decimal, half away from zero; null for a zero base. */
export function percentOf(numerator: number, denominator: number): number | null {
  if (!denominator || !Number.isFinite(numerator) || !Number.isFinite(denominator)) return null
  const num = numerator * 1000
  const sign = Math.sign(num) * Math.sign(denominator)
  const a = Math.abs(num)
  const d = Math.abs(denominator)
  return (sign * Math.floor((2 * a + d) / (2 * d))) / 10
}

/** 同比 change from `previous` to `current` in percent (one decimal); null when there is no previous figure. */
export function changeOf(current: number, previous: number | null | undefined): number | null {
  if (previous === null || previous === undefined || previous === 0) return null
  return percentOf(current - previous, previous)
}

/** The direction of a change: up, down, flat (0.0) or none (nothing to compare). */
export function trendOf(change: number | null | undefined): Trend {
  if (change === null || change === undefined || !Number.isFinite(change)) return 'none'
  if (change > 0) return 'up'
  if (change < 0) return 'down'
  return 'flat'
}

export interface ChangeDisplay {
  trend: Trend
  text: string
}

/** 同比: `{ trend: 'down', text: '同比下降8.5%' }`, `同比持平`, `上年同期无数据`. */
export function yoyDisplay(change: number | null | undefined, t: Translate): ChangeDisplay {
  const trend = trendOf(change)
  const pct = trend === 'none' ? '' : Math.abs(change as number).toFixed(1)
  return { trend, text: t(`statistics.yoy.${trend}`, { pct }) }
}

/** The change of a rate in 百分点: `{ trend: 'up', text: '上升1.2个百分点' }`; `—` without a previous rate. */
export function pointsDisplay(points: number | null | undefined, t: Translate): ChangeDisplay {
  const trend = trendOf(points)
  const n = trend === 'none' ? '' : Math.abs(points as number).toFixed(1)
  return { trend, text: t(`statistics.points.${trend}`, { n }) }
}

/** A rate with its numerator and denominator: `118/120`. */
export function fraction(numerator: number | null | undefined, denominator: number | null | undefined): string {
  if (numerator === null || numerator === undefined || denominator === null || denominator === undefined) return '—'
  return `${numerator}/${denominator}`
}

/** `2025-03` → `3月` (zh) / `Mar` (en) for chart axes. */
export function monthLabel(month: string, locale: string): string {
  const m = Number(month.slice(5, 7))
  if (!m) return month
  if (locale.startsWith('zh')) return `${m}月`
  return ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1] ?? month
}

/** The work-summary text as paragraphs (one a line, blank lines dropped). */
export function paragraphs(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)
}
