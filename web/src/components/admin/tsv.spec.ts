import { describe, expect, it } from 'vitest'
import {
  calendarToTsv,
  categoriesToTsv,
  diffCalendar,
  diffCategories,
  groupHolidays,
  isValidDate,
  parseCalendarTsv,
  parseCategoryTsv,
} from './tsv'

describe('parseCalendarTsv', () => {
  it('reads the cn-YYYY.tsv format (BOM, comments, header, CRLF)', () => {
    const text = '\uFEFF# 2026\r\ndate\tkind\tname\r\n2026-01-04\tworkday\t元旦调休上班\r\n\r\n2026-01-01\tholiday\t元旦\r\n'
    const r = parseCalendarTsv(text, 2026)
    expect(r.errors).toEqual([])
    expect(r.rows).toEqual([
      { date: '2026-01-01', kind: 'holiday', name: '元旦' },
      { date: '2026-01-04', kind: 'workday', name: '元旦调休上班' },
    ])
  })

  it('accepts a file without header', () => {
    expect(parseCalendarTsv('2026-10-01\tholiday\t国庆节').rows).toHaveLength(1)
  })

  it('points at bad lines like the server', () => {
    const text = [
      'date\tkind\tname',
      '2026-02-30\tholiday\t春节', // line 2: no such date
      '2026-05-01\tleave\t劳动节', // 3: bad kind
      '2026-05-02\tholiday', // 4: two columns
      '2025-12-31\tholiday\t元旦', // 5: other year
      '2026-05-03\tholiday\t劳动节',
      '2026-05-03\tholiday\t劳动节', // 7: duplicate
    ].join('\n')
    const r = parseCalendarTsv(text, 2026)
    expect(r.errors.map((e) => [e.line, e.key])).toEqual([
      [2, 'date'],
      [3, 'kind'],
      [4, 'columns'],
      [5, 'year'],
      [7, 'duplicate'],
    ])
    expect(r.rows).toHaveLength(1)
  })

  it('refuses an empty year', () => {
    expect(parseCalendarTsv('# nothing\n', 2026).errors[0].key).toBe('empty')
  })

  it('validates dates', () => {
    expect(isValidDate('2024-02-29')).toBe(true)
    expect(isValidDate('2026-02-29')).toBe(false)
    expect(isValidDate('2026-1-01')).toBe(false)
  })
})

describe('parseCategoryTsv', () => {
  it('reads code, parent, name with parents first', () => {
    const r = parseCategoryTsv('# x\ncode\tparent\tname\n01\t\t农村农业\n0101\t01\t土地承包经营\n')
    expect(r.errors).toEqual([])
    expect(r.rows).toEqual([
      { code: '01', parent: '', name: '农村农业' },
      { code: '0101', parent: '01', name: '土地承包经营' },
    ])
  })

  it('reports unknown parents, duplicates, missing names and short lines', () => {
    const r = parseCategoryTsv('0101\t01\t土地\n01\t\t农村\n01\t\t又一个\n02\t\t\n03\n')
    expect(r.errors.map((e) => [e.line, e.key])).toEqual([
      [1, 'parent'],
      [3, 'duplicate'],
      [4, 'codeName'],
      [5, 'columns'],
    ])
    expect(parseCategoryTsv('').errors[0].key).toBe('empty')
  })
})

describe('diffs and export', () => {
  it('tells added, changed, removed and unchanged days', () => {
    const before = [
      { date: '2026-01-01', kind: 'holiday' as const, name: '元旦' },
      { date: '2026-01-02', kind: 'holiday' as const, name: '元旦' },
    ]
    const after = [
      { date: '2026-01-01', kind: 'holiday' as const, name: '元旦' },
      { date: '2026-01-02', kind: 'workday' as const, name: '元旦调休上班' },
      { date: '2026-01-03', kind: 'holiday' as const, name: '元旦' },
    ]
    const d = diffCalendar(before, after)
    expect(d.unchanged).toBe(1)
    expect(d.changed.map((c) => c.after.date)).toEqual(['2026-01-02'])
    expect(d.added.map((c) => c.date)).toEqual(['2026-01-03'])
    expect(diffCalendar(after, before).removed.map((c) => c.date)).toEqual(['2026-01-03'])
    const c = diffCategories([{ code: '01', parent: '', name: 'a' }], [{ code: '01', parent: '', name: 'b' }])
    expect(c.changed).toHaveLength(1)
  })

  it('writes files that read back the same', () => {
    const days = [
      { date: '2026-01-04', kind: 'workday' as const, name: '元旦调休上班' },
      { date: '2026-01-01', kind: 'holiday' as const, name: '元旦' },
    ]
    expect(parseCalendarTsv(calendarToTsv(2026, days), 2026).rows).toEqual([...days].reverse())
    const cats = [
      { code: '0101', parent: '01', name: '土地' },
      { code: '02', parent: '', name: '自然资源' },
      { code: '01', parent: '', name: '农村' },
    ]
    const back = parseCategoryTsv(categoriesToTsv(cats))
    expect(back.errors).toEqual([])
    expect(back.rows.map((c) => c.code)).toEqual(['01', '0101', '02'])
  })

  it('groups holidays with their make-up workdays', () => {
    const g = groupHolidays([
      { date: '2026-02-14', kind: 'workday', name: '春节调休上班' },
      { date: '2026-02-15', kind: 'holiday', name: '春节' },
      { date: '2026-02-16', kind: 'holiday', name: '春节' },
      { date: '2026-01-01', kind: 'holiday', name: '元旦' },
    ])
    expect(g.map((x) => [x.name, x.first, x.last, x.holidays, x.workdays])).toEqual([
      ['元旦', '2026-01-01', '2026-01-01', 1, []],
      ['春节', '2026-02-15', '2026-02-16', 2, ['2026-02-14']],
    ])
  })
})
