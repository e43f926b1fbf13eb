// Formatting of dates and instants as the API sends them (Beijing time, `+08:00`).

/** `2026-11-22T08:36:37+08:00` → `2026-11-22 08:36` (kept in the server's Beijing time). */
export function formatInstant(value: string | null | undefined, withSeconds = false): string {
  if (!value) return ''
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?/.exec(value)
  if (!m) return value
  return `${m[1]} ${m[2]}${withSeconds && m[3] ? m[3] : ''}`
}

/** `2026-11-22T08:36:37+08:00` → `2026-11-22`. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return ''
  return value.slice(0, 10)
}

/** Today's date in Beijing time as YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  const beijing = new Date(now.getTime() + 8 * 3600 * 1000)
  return beijing.toISOString().slice(0, 10)
}
