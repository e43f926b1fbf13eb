// The tables of the statistics page: each breakdown row beside the same row of the same period a year earlier
// (matched by code) with its 同比. Rows that only last year had are kept (with zeros now), so that nothing that
// fell to zero silently disappears from a report.
import type { BatchesPersons, IndicatorKey, NamedFigure, ReportFigures, ReportSummary } from '@/api/reports'
import { INDICATORS } from '@/api/reports'
import { changeOf, percentOf } from './format'

/** A 批次/人次 row. */
export interface FigureRow {
  key: string
  name: string
  batches: number
  persons: number
  /** 占比 of 人次, percent */
  share: number | null
  /** null: no report for last year */
  prevBatches: number | null
  prevPersons: number | null
  changeBatches: number | null
  changePersons: number | null
}

/** A row counted in 件 (办理方式, 办理结果, 复查/复核). */
export interface ItemRow {
  key: string
  name: string
  items: number
  share: number | null
  prev: number | null
  change: number | null
}

export interface IndicatorRow {
  key: IndicatorKey
  numerator: number
  denominator: number
  rate: number | null
  previousRate: number | null
  changePoints: number | null
}

function figureRow(
  key: string,
  name: string,
  cur: BatchesPersons,
  prev: BatchesPersons | null | undefined,
  share: number | null,
): FigureRow {
  const prevBatches = prev ? prev.batches : null
  const prevPersons = prev ? prev.persons : null
  return {
    key,
    name,
    batches: cur.batches,
    persons: cur.persons,
    share,
    prevBatches,
    prevPersons,
    changeBatches: changeOf(cur.batches, prevBatches),
    changePersons: changeOf(cur.persons, prevPersons),
  }
}

const ZERO: BatchesPersons = { batches: 0, persons: 0 }

/**
 * Rows with a code (channel, category, region): this period's order, then the codes only last year had. With no
 * previous report at all, the previous columns stay empty (null) rather than zero.
 */
export function matchRows<T extends BatchesPersons>(
  current: readonly T[],
  previous: readonly T[] | null | undefined,
  code: (r: T) => string,
  name: (r: T) => string,
  share: (r: T | null) => number | null,
): FigureRow[] {
  const prevBy = new Map((previous ?? []).map((r) => [code(r), r]))
  const seen = new Set<string>()
  const out: FigureRow[] = []
  for (const r of current) {
    const k = code(r)
    seen.add(k)
    out.push(figureRow(k, name(r), r, previous ? (prevBy.get(k) ?? ZERO) : null, share(r)))
  }
  for (const r of previous ?? []) {
    const k = code(r)
    if (seen.has(k) || (r.batches === 0 && r.persons === 0)) continue
    out.push(figureRow(k, name(r), ZERO, r, share(null)))
  }
  return out
}

export function channelRows(r: ReportSummary, label: (code: string, serverName: string) => string): FigureRow[] {
  return matchRows(
    r.by_channel,
    r.previous?.by_channel,
    (x) => x.code,
    (x) => label(x.code, x.channel),
    (x) => (x ? x.share : r.totals.persons ? 0 : null),
  )
}

export function namedRows(current: readonly NamedFigure[], previous: readonly NamedFigure[] | null | undefined, persons: number): FigureRow[] {
  return matchRows(
    current,
    previous,
    (x) => x.code,
    (x) => x.name || x.code,
    (x) => (x ? x.share : persons ? 0 : null),
  )
}

type Label = (key: string) => string

/** 个访 / 集体访, 占比 of all 人次 of the period (the server's 集体访占比). */
export function formRows(r: ReportSummary, label: Label): FigureRow[] {
  const p = r.previous
  const total = r.totals.persons
  return [
    figureRow('individual', label('individual'), r.by_form.individual, p?.by_form.individual, percentOf(r.by_form.individual.persons, total)),
    figureRow(
      'collective',
      label('collective'),
      r.by_form.collective,
      p?.by_form.collective,
      r.by_form.collective_share ?? percentOf(r.by_form.collective.persons, total),
    ),
  ]
}

/** 初信初访 / 重信重访 / 越级, 占比 of all 人次. */
export function visitKindRows(r: ReportSummary, label: Label): FigureRow[] {
  const p = r.previous
  const total = r.totals.persons
  return (['initial', 'repeat', 'skipped_level'] as const).map((k) =>
    figureRow(k, label(k), r[k], p ? p[k] : null, percentOf(r[k].persons, total)),
  )
}

function itemRow(key: string, name: string, items: number, prev: number | null | undefined, whole: number): ItemRow {
  const p = prev ?? null
  return { key, name, items, share: percentOf(items, whole), prev: p, change: changeOf(items, p) }
}

/** 复查 / 复核 received (no share: they are not parts of one whole). */
export function reviewRows(r: ReportSummary, label: Label): ItemRow[] {
  const p = r.previous?.reviews
  return (['review', 're_review'] as const).map((k) => ({ ...itemRow(k, label(k), r.reviews[k], p ? p[k] : null, 0), share: null }))
}

/** 办理方式, 占比 of all routed items. */
export function routeRows(r: ReportSummary, label: (code: string, serverName: string) => string): ItemRow[] {
  const whole = r.routes.reduce((n, x) => n + x.items, 0)
  const prev = r.previous ? new Map(r.previous.routes.map((x) => [x.code, x.items])) : null
  const rows = r.routes.map((x) => itemRow(x.code, label(x.code, x.route), x.items, prev ? (prev.get(x.code) ?? 0) : null, whole))
  for (const x of r.previous?.routes ?? [])
    if (x.items > 0 && !r.routes.some((c) => c.code === x.code)) rows.push(itemRow(x.code, label(x.code, x.route), 0, x.items, whole))
  return rows
}

/** 已办结 (其中已化解) / 未到期 / 超期, 占比 of the period's registrations (`total`). */
export function outcomeRows(r: ReportSummary, label: Label): ItemRow[] {
  const o = r.outcomes
  const p = r.previous?.outcomes
  return (['done', 'resolved', 'not_due', 'overdue'] as const).map((k) => itemRow(k, label(k), o[k], p ? p[k] : null, o.total))
}

/** The six indicators in SPEC order; missing ones are left out. */
export function indicatorRows(f: Pick<ReportFigures, 'indicators'>): IndicatorRow[] {
  const out: IndicatorRow[] = []
  for (const key of INDICATORS) {
    const i = f.indicators?.[key]
    if (!i) continue
    out.push({
      key,
      numerator: i.numerator,
      denominator: i.denominator,
      rate: i.rate,
      previousRate: i.previous_rate,
      changePoints: i.change_points,
    })
  }
  return out
}

/** Sum of the rows (the 合计 line); previous sums stay null when no row has a previous figure. */
export function sumRows(rows: readonly FigureRow[]): FigureRow {
  const hasPrev = rows.some((r) => r.prevBatches !== null)
  const s = {
    batches: rows.reduce((n, r) => n + r.batches, 0),
    persons: rows.reduce((n, r) => n + r.persons, 0),
  }
  const p = hasPrev
    ? { batches: rows.reduce((n, r) => n + (r.prevBatches ?? 0), 0), persons: rows.reduce((n, r) => n + (r.prevPersons ?? 0), 0) }
    : null
  return figureRow('_total', '', s, p, s.persons ? 100 : null)
}
