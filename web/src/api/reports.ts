// GET /api/v1/reports/summary — the statistics report (统计分析) of one org's subtree for a period: 批次/人次/件,
// breakdowns, 办理方式 and 办理结果, the SPEC §5 indicators with numerator and denominator, the same figures for the
// same period a year earlier, 同比, and the statistics paragraphs of the work summary. `&format=xlsx` gives the
// same report as a workbook. Percentages arrive as percent with one decimal (98.3 = 98.3%), null without a base.
import { API_BASE, api, buildQuery, type Query } from './client'
import type { DateString } from './types'

export interface ReportPeriod {
  from: DateString
  to: DateString
  /** "2025年", "2025年第一季度", "2025年3月", "2025-03-01至2025-04-15" */
  label: string
  /** The day the figures stand at (today for a period not yet over) */
  as_of: DateString
}

export interface ReportOrg {
  id: number
  code: string
  name: string
}

/** 批次 and 人次 */
export interface BatchesPersons {
  batches: number
  persons: number
}

export interface ReportTotals extends BatchesPersons {
  /** 件 */
  items: number
}

export interface ChannelFigure extends BatchesPersons {
  /** Chinese name, e.g. 来信 */
  channel: string
  /** Channel code, e.g. letter */
  code: string
  /** 占比 of 人次 in percent (one decimal), null when there are no persons */
  share: number | null
}

export interface FormFigures {
  /** 个访 */
  individual: BatchesPersons
  /** 集体访 */
  collective: BatchesPersons
  /** 集体访占比 (of 人次), percent */
  collective_share: number | null
}

/** A row of the category or region breakdown. */
export interface NamedFigure extends BatchesPersons {
  code: string
  name: string
  share: number | null
}

export interface MonthFigure extends BatchesPersons {
  /** YYYY-MM */
  month: string
}

export interface ReviewFigures {
  /** 复查 received */
  review: number
  /** 复核 received */
  re_review: number
}

export interface RouteFigure {
  /** Chinese name: 当场答复 转送 交办 直接受理 不予受理 转政法 转纪检监察 存 */
  route: string
  code: string
  items: number
}

export interface OutcomeFigures {
  /** 已办结 */
  done: number
  /** 未到期 */
  not_due: number
  /** 超期 */
  overdue: number
  /** 已化解 (among done) */
  resolved: number
  total: number
}

export const INDICATORS = [
  'timely_acceptance',
  'on_time_completion',
  'participation',
  'satisfaction',
  'completion',
  'resolution',
] as const
export type IndicatorKey = (typeof INDICATORS)[number]

export interface Indicator {
  numerator: number
  denominator: number
  /** percent, one decimal; null when the denominator is 0 */
  rate: number | null
  /** The same period a year earlier */
  previous_rate: number | null
  /** rate − previous_rate in 百分点 */
  change_points: number | null
}

/** The figures of one period (the report itself, and `previous`). */
export interface ReportFigures {
  period: ReportPeriod
  totals: ReportTotals
  by_channel: ChannelFigure[]
  by_form: FormFigures
  by_category: NamedFigure[]
  by_region: NamedFigure[]
  /** Every month of the period, zeros included */
  by_month: MonthFigure[]
  /** 初信初访 */
  initial: BatchesPersons
  /** 重信重访 */
  repeat: BatchesPersons
  /** 越级 */
  skipped_level: BatchesPersons
  reviews: ReviewFigures
  routes: RouteFigure[]
  outcomes: OutcomeFigures
  indicators: Partial<Record<IndicatorKey, Indicator>>
}

export type YoyDirection = '上升' | '下降' | '持平'

export interface YoyFigure {
  current: number
  previous: number
  /** percent, one decimal; null when the previous figure is 0 */
  change: number | null
  direction: YoyDirection | null
  /** "同比下降8.5%" | "上年同期无数据" */
  text: string
}

export interface ReportSummary extends ReportFigures {
  org: ReportOrg
  /** The same period one year earlier */
  previous: ReportFigures | null
  yoy: Record<'batches' | 'persons' | 'items', YoyFigure>
  /** The statistics paragraphs of the work summary, one paragraph a line */
  text: string
  /** Where the figures were read: the primary database or a read-only streaming replica (--db-replica) */
  data_source?: 'primary' | 'replica'
  /** How many seconds the replica lagged behind the primary; null when read from the primary */
  replica_lag_seconds?: number | null
}

export type CategoryLevel = 1 | 2

export interface ReportQuery {
  /** Org code; omitted: the user's own org */
  org?: string | null
  from: DateString
  to: DateString
  category_level?: CategoryLevel
}

export const REPORT_PATH = '/reports/summary'

/** The query parameters of a report request (empty org left out; the level always stated). */
export function reportParams(q: ReportQuery): Query {
  return {
    org: q.org || undefined,
    from: q.from,
    to: q.to,
    category_level: q.category_level === 2 ? 2 : 1,
  }
}

export function getReportSummary(q: ReportQuery, signal?: AbortSignal): Promise<ReportSummary> {
  return api.get<ReportSummary>(REPORT_PATH, reportParams(q), { signal })
}

/** The query of the workbook download of the same report (`&format=xlsx`). */
export function reportExportParams(q: ReportQuery): Query {
  return { ...reportParams(q), format: 'xlsx' }
}

/** `/api/v1/reports/summary?org=…&from=…&to=…&category_level=1&format=xlsx` */
export function reportExportUrl(q: ReportQuery): string {
  return API_BASE + REPORT_PATH + buildQuery(reportExportParams(q))
}
