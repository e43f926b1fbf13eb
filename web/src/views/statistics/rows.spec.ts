import { describe, expect, it } from 'vitest'
import { sampleReport } from './report.fixture'
import {
  channelRows,
  formRows,
  indicatorRows,
  namedRows,
  outcomeRows,
  reviewRows,
  routeRows,
  sumRows,
  visitKindRows,
} from './rows'
import { barOption, gaugeOption, pieOption, topByBatches, trendOption } from './charts'

const label = (k: string) => `L:${k}`

describe('breakdown rows with last year beside them', () => {
  it('matches channels by code and computes 同比', () => {
    const r = sampleReport()
    const rows = channelRows(r, (code, name) => `${name}(${code})`)
    expect(rows.map((x) => x.name)).toEqual(['来信(letter)', '来访(visit)', '网上信访(online)'])
    expect(rows[0]).toMatchObject({ batches: 100, persons: 120, share: 11.7, prevBatches: 110, prevPersons: 132, changeBatches: -9.1 })
  })

  it('keeps rows only last year had, with zeros now', () => {
    const r = sampleReport()
    r.previous!.by_category.push({ code: '12', name: '教育', batches: 4, persons: 4, share: 0.4 })
    const rows = namedRows(r.by_category, r.previous!.by_category, r.totals.persons)
    expect(rows.map((x) => x.key)).toEqual(['04', '07', '12'])
    expect(rows[2]).toMatchObject({ batches: 0, persons: 0, share: 0, prevBatches: 4, changeBatches: -100 })
  })

  it('leaves the previous columns empty when there is no previous report', () => {
    const r = sampleReport()
    r.previous = null
    const rows = namedRows(r.by_region, null, r.totals.persons)
    expect(rows[0]).toMatchObject({ prevBatches: null, prevPersons: null, changeBatches: null })
    expect(formRows(r, label)[0].prevBatches).toBeNull()
    expect(routeRows(r, (c) => c)[0].prev).toBeNull()
    expect(sumRows(rows).prevBatches).toBeNull()
  })

  it('gives 个访/集体访 and 初信初访/重信重访/越级 as shares of all persons', () => {
    const r = sampleReport()
    const form = formRows(r, label)
    expect(form.map((x) => [x.name, x.share])).toEqual([
      ['L:individual', 18.8],
      ['L:collective', 59.8],
    ])
    const kinds = visitKindRows(r, label)
    expect(kinds.map((x) => x.key)).toEqual(['initial', 'repeat', 'skipped_level'])
    expect(kinds[1].share).toBe(21.9)
  })

  it('counts 办理方式, 办理结果 and 复查/复核 in 件', () => {
    const r = sampleReport()
    const routes = routeRows(r, (code, name) => name || code)
    expect(routes.map((x) => [x.name, x.items, x.share])).toEqual([
      ['转送', 150, 65.2],
      ['直接受理', 80, 34.8],
    ])
    const outcomes = outcomeRows(r, label)
    expect(outcomes.map((x) => [x.key, x.items, x.share])).toEqual([
      ['done', 200, 87],
      ['resolved', 180, 78.3],
      ['not_due', 25, 10.9],
      ['overdue', 5, 2.2],
    ])
    expect(reviewRows(r, label)).toEqual([
      { key: 'review', name: 'L:review', items: 12, share: null, prev: 13, change: -7.7 },
      { key: 're_review', name: 'L:re_review', items: 3, share: null, prev: 3, change: 0 },
    ])
  })

  it('lists the indicators in order, each with numerator and denominator', () => {
    const rows = indicatorRows(sampleReport())
    expect(rows.map((x) => x.key)).toEqual([
      'timely_acceptance',
      'on_time_completion',
      'participation',
      'satisfaction',
      'completion',
      'resolution',
    ])
    expect(rows[0]).toEqual({ key: 'timely_acceptance', numerator: 118, denominator: 120, rate: 98.3, previousRate: 97.1, changePoints: 1.2 })
    const partial = { completion: { numerator: 1, denominator: 2, rate: 50, previous_rate: null, change_points: null } }
    expect(indicatorRows({ indicators: partial }).map((x) => x.key)).toEqual(['completion'])
  })

  it('sums a table into its 合计 line', () => {
    const r = sampleReport()
    const total = sumRows(channelRows(r, (c) => c))
    expect(total).toMatchObject({ batches: 236, persons: 1024, share: 100, prevBatches: 260, changeBatches: -9.2 })
  })
})

describe('chart options', () => {
  it('draws last year beside this year by month', () => {
    const r = sampleReport()
    const names = { batches: { current: 'b', previous: 'pb' }, persons: { current: 'p', previous: 'pp' } }
    const o = trendOption(r.by_month, r.previous!.by_month, (m) => m.slice(5), names)
    const series = o.series as { name: string; data: (number | null)[] }[]
    expect(series.map((s) => s.name)).toEqual(['b', 'pb', 'p', 'pp'])
    expect(series[0].data).toHaveLength(12)
    expect(series[1].data[0]).toBe(22)
    expect(trendOption(r.by_month, null, (m) => m, names).series).toHaveLength(2)
  })

  it('leaves zero rows out of the pie and keeps the largest bars', () => {
    const r = sampleReport()
    const rows = channelRows(r, (c) => c)
    rows.push({ ...rows[0], key: 'fax', name: 'fax', batches: 0, persons: 0 })
    const pie = pieOption(rows, '人次').series as { data: unknown[] }[]
    expect(pie[0].data).toHaveLength(3)
    expect(topByBatches(rows, 2).map((x) => x.key)).toEqual(['letter', 'visit'])
    const bar = barOption(topByBatches(rows, 2), { batches: '批次', persons: '人次' })
    expect((bar.yAxis as { data: string[] }).data).toEqual(['letter', 'visit'])
  })

  it('makes one gauge per indicator, a dash for a missing rate', () => {
    const rows = indicatorRows(sampleReport())
    const g = gaugeOption(rows, (r) => r.key).series as { type: string; detail: { formatter: string } }[]
    expect(g).toHaveLength(6)
    expect(g.every((s) => s.type === 'gauge')).toBe(true)
    expect(g[0].detail.formatter).toBe('98.3%')
    expect(g[5].detail.formatter).toBe('—')
  })
})
