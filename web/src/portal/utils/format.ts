// Dates, deadlines and the case timeline as the portal shows them. The API sends dates as YYYY-MM-DD and instants
// as 2026-12-02T16:20:53+08:00 (Beijing time); they are shown as sent, never converted to the phone's zone.
import type { PublicStep } from '../api/types'

/** The translator the formatters use: vue-i18n's `t` or a test double. */
export type Translate = (key: string, params?: Record<string, unknown>) => string

/** Today's date in Beijing time as YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

function utcDay(date: string): number {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number)
  return Date.UTC(y, m - 1, d) / 86400000
}

/** Whole days from `from` to `to` (both YYYY-MM-DD): 2026-12-18 → 2026-12-30 is 12. */
export function daysBetween(from: string, to: string): number {
  return utcDay(to) - utcDay(from)
}

/** `2026-12-02T16:20:53+08:00` → `2026-12-02 16:20`; a bare date stays as it is. */
export function formatInstant(value: string | null | undefined): string {
  if (!value) return ''
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?/.exec(value)
  if (!m) return value
  return m[2] ? `${m[1]} ${m[2]}` : m[1]
}

/**
 * A due date with what is left: `2026-12-30，剩余 12 天`, `2026-12-30，今天到期`, `2026-12-30，已超过 3 天`.
 * `remaining` is the server's count; without one it is counted from `today`.
 */
export function deadlineText(t: Translate, date: string, remaining: number | null | undefined, today = todayInChina()): string {
  const days = remaining ?? daysBetween(today, date)
  if (days > 0) return t('date.remaining', { date, days })
  if (days === 0) return t('date.dueToday', { date })
  return t('date.overdue', { date, days: -days })
}

export type WindowState = 'open' | 'closed' | 'none'

/** A rating or review window that ends on `until` (inclusive): open, closed, or none (the server set no date). */
export function windowState(until: string | null | undefined, today = todayInChina()): WindowState {
  if (!until) return 'none'
  return daysBetween(today, until) >= 0 ? 'open' : 'closed'
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const

/** `2026-12-10` → `2026-12-10（星期四）` / `2026-12-10 (Thu)`. */
export function dateWithWeekday(t: Translate, date: string): string {
  const day = WEEKDAYS[((utcDay(date) % 7) + 7 + 4) % 7] // 1970-01-01 was a Thursday
  return t('date.withWeekday', { date, weekday: t(`date.weekday.${day}`) })
}

/** Retry-After seconds as words: `15 分钟` / `40 秒`. */
export function waitText(t: Translate, seconds: number | null): string {
  if (seconds === null || seconds <= 0) return t('date.aWhile')
  if (seconds < 60) return t('date.seconds', { n: seconds })
  return t('date.minutes', { n: Math.ceil(seconds / 60) })
}

export interface TimelineItem {
  key: string
  date: string
  time: string
  text: string
  /** The case number when the step belongs to another case of the chain (a 复查 or 复核 case) */
  number: string | null
  latest: boolean
}

/** The steps oldest first, each with its date and time; the newest is marked `latest`. */
export function timelineItems(steps: PublicStep[], caseNumber: string): TimelineItem[] {
  const sorted = steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (a.s.at < b.s.at ? -1 : a.s.at > b.s.at ? 1 : a.i - b.i))
  return sorted.map(({ s, i }, n) => {
    const [date, time = ''] = formatInstant(s.at).split(' ')
    return {
      key: `${i}-${s.at}`,
      date,
      time,
      text: s.text,
      number: s.number && s.number !== caseNumber ? s.number : null,
      latest: n === sorted.length - 1,
    }
  })
}
