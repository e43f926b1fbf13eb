// Reading the two TSV files an administrator imports, with the server's rules, so the console can preview a file
// and point at a bad line before anything is sent:
//   cn-YYYY.tsv      date<TAB>kind<TAB>name     (kind: holiday 放假 / workday 调休上班) — src/domain/calendar.cpp
//   categories.tsv   code<TAB>parent<TAB>name   (a parent must come before its children) — src/domain/category.cpp
// Blank lines and lines starting with # are skipped; an optional header line (date… / code…) may come first; a
// UTF-8 BOM and CRLF line ends are accepted.
import type { CalendarDay, CalendarDayKind } from '@/api/admin'
import type { Category } from '@/api/categories'

/** A problem on one line; `key` is an i18n key under admin.tsv.errors with `params`. */
export interface TsvIssue {
  line: number
  key: string
  params?: Record<string, string | number>
}

export interface TsvResult<T> {
  rows: T[]
  errors: TsvIssue[]
}

function lines(text: string): { line: number; cols: string[] }[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text
  const out: { line: number; cols: string[] }[] = []
  body.split('\n').forEach((raw, i) => {
    const s = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (s.trim() === '' || s.startsWith('#')) return
    out.push({ line: i + 1, cols: s.split('\t').map((c) => c.trim()) })
  })
  return out
}

/** A real calendar date written YYYY-MM-DD. */
export function isValidDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/**
 * Parses a holiday file. With `year`, dates of another year are errors (the server refuses them too), and so is
 * a file without any date.
 */
export function parseCalendarTsv(text: string, year?: number): TsvResult<CalendarDay> {
  const rows: CalendarDay[] = []
  const errors: TsvIssue[] = []
  const seen = new Set<string>()
  let first = true
  for (const { line, cols } of lines(text)) {
    if (first && cols[0] === 'date') {
      first = false
      continue
    }
    first = false
    if (cols.length !== 3) {
      errors.push({ line, key: 'columns', params: { expected: 3, actual: cols.length } })
      continue
    }
    const [date, kind, name] = cols
    if (!isValidDate(date)) {
      errors.push({ line, key: 'date', params: { value: date } })
      continue
    }
    if (kind !== 'holiday' && kind !== 'workday') {
      errors.push({ line, key: 'kind', params: { value: kind } })
      continue
    }
    if (year !== undefined && Number(date.slice(0, 4)) !== year) {
      errors.push({ line, key: 'year', params: { value: date, year } })
      continue
    }
    if (seen.has(date)) {
      errors.push({ line, key: 'duplicate', params: { value: date } })
      continue
    }
    seen.add(date)
    rows.push({ date, kind: kind as CalendarDayKind, name })
  }
  if (year !== undefined && rows.length === 0 && errors.length === 0) errors.push({ line: 0, key: 'empty' })
  rows.sort((a, b) => a.date.localeCompare(b.date))
  return { rows, errors }
}

/** Parses a categories.tsv. */
export function parseCategoryTsv(text: string): TsvResult<Category> {
  const rows: Category[] = []
  const errors: TsvIssue[] = []
  const codes = new Set<string>()
  let headerSeen = false
  for (const { line, cols } of lines(text)) {
    if (!headerSeen && cols[0] === 'code') {
      headerSeen = true
      continue
    }
    if (cols.length < 3) {
      errors.push({ line, key: 'columns', params: { expected: 3, actual: cols.length } })
      continue
    }
    const [code, parent, name] = cols
    if (!code || !name) {
      errors.push({ line, key: 'codeName' })
      continue
    }
    if (code.length > 16) {
      errors.push({ line, key: 'code', params: { value: code } })
      continue
    }
    if (parent && !codes.has(parent)) {
      errors.push({ line, key: 'parent', params: { value: parent } })
      continue
    }
    if (codes.has(code)) {
      errors.push({ line, key: 'duplicate', params: { value: code } })
      continue
    }
    codes.add(code)
    rows.push({ code, parent, name })
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ line: 0, key: 'empty' })
  return { rows, errors }
}

export interface Diff<T> {
  added: T[]
  changed: { before: T; after: T }[]
  removed: T[]
  unchanged: number
}

/** What an import changes, rows matched by `key`. `removed` only makes sense when the import replaces all. */
export function diffRows<T>(before: readonly T[], after: readonly T[], key: (r: T) => string, same: (a: T, b: T) => boolean): Diff<T> {
  const old = new Map(before.map((r) => [key(r), r]))
  const diff: Diff<T> = { added: [], changed: [], removed: [], unchanged: 0 }
  const seen = new Set<string>()
  for (const r of after) {
    const k = key(r)
    seen.add(k)
    const o = old.get(k)
    if (!o) diff.added.push(r)
    else if (same(o, r)) diff.unchanged++
    else diff.changed.push({ before: o, after: r })
  }
  for (const [k, r] of old) if (!seen.has(k)) diff.removed.push(r)
  return diff
}

export function diffCalendar(before: readonly CalendarDay[], after: readonly CalendarDay[]): Diff<CalendarDay> {
  return diffRows(before, after, (d) => d.date, (a, b) => a.kind === b.kind && a.name === b.name)
}

export function diffCategories(before: readonly Category[], after: readonly Category[]): Diff<Category> {
  return diffRows(before, after, (c) => c.code, (a, b) => a.parent === b.parent && a.name === b.name)
}

/** The days as a cn-YYYY.tsv text (for exporting the current year). */
export function calendarToTsv(year: number, days: readonly CalendarDay[]): string {
  const rows = [...days].sort((a, b) => a.date.localeCompare(b.date)).map((d) => `${d.date}\t${d.kind}\t${d.name}`)
  return [`# ${year}`, 'date\tkind\tname', ...rows].join('\n') + '\n'
}

/** The categories as a categories.tsv text (parents before children). */
export function categoriesToTsv(rows: readonly Category[]): string {
  const sorted = [...rows].sort((a, b) => a.code.localeCompare(b.code))
  const top = sorted.filter((c) => !c.parent)
  const out: string[] = ['code\tparent\tname']
  const emitted = new Set<string>()
  const emit = (c: Category) => {
    if (emitted.has(c.code)) return
    emitted.add(c.code)
    out.push(`${c.code}\t${c.parent}\t${c.name}`)
    for (const child of sorted) if (child.parent === c.code) emit(child)
  }
  top.forEach(emit)
  for (const c of sorted) emit(c) // orphans last
  return out.join('\n') + '\n'
}

/** Groups holidays by name into runs, e.g. 春节 2026-02-15 … 2026-02-23 (9 days off, 2 make-up workdays). */
export interface HolidayGroup {
  name: string
  first: string
  last: string
  holidays: number
  workdays: string[]
}

export function groupHolidays(days: readonly CalendarDay[]): HolidayGroup[] {
  const groups = new Map<string, HolidayGroup>()
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date))
  for (const d of sorted) {
    // 元旦调休上班 belongs to 元旦.
    const base = d.kind === 'workday' ? d.name.replace(/调休上班$|调休$|补班$/, '') || d.name : d.name
    let g = groups.get(base)
    if (!g) {
      g = { name: base, first: '', last: '', holidays: 0, workdays: [] }
      groups.set(base, g)
    }
    if (d.kind === 'holiday') {
      g.holidays++
      if (!g.first || d.date < g.first) g.first = d.date
      if (!g.last || d.date > g.last) g.last = d.date
    } else {
      g.workdays.push(d.date)
    }
  }
  return [...groups.values()].sort((a, b) => (a.first || a.workdays[0]).localeCompare(b.first || b.workdays[0]))
}

/** Reads a File as UTF-8 text (FileReader fallback where File.text is missing). */
export function readFileText(file: Blob): Promise<string> {
  if (typeof file.text === 'function') return file.text()
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => resolve(String(r.result ?? ''))
    r.onerror = () => reject(r.error)
    r.readAsText(file, 'utf-8')
  })
}
