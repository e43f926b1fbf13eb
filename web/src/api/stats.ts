// GET /api/v1/stats/summary — the 统计概览 figures (批次/人次 by dimension, rates) within the user's data scope.
// Only first registrations count as 批次 (review cases are not counted again).
import { api } from './client'
import type { DateString } from './types'

/** One row of a breakdown: `key` is the dimension's code (channel, category code, region code, YYYY-MM, …). */
export interface CountRow {
  key: string
  /** Chinese label from the server */
  label: string
  /** 批次 */
  batches: number
  /** 人次 */
  persons: number
}

/** numerator / denominator; `value` is null when the denominator is 0. */
export interface Rate {
  numerator: number
  denominator: number
  value: number | null
}

export interface Summary {
  from: DateString
  to: DateString
  batches: number
  persons: number
  by_channel: CountRow[]
  by_purpose: CountRow[]
  by_state: CountRow[]
  /** By first-level category */
  by_category: CountRow[]
  by_region: CountRow[]
  /** key `YYYY-MM`; months without registrations are left out */
  by_month: CountRow[]
  /** `collective` 集体访 / `individual` */
  by_form: CountRow[]
  /** key: a rating code, `unrated` (replied, not rated) or '' (not replied) */
  by_rating: CountRow[]
  rates: {
    /** 办结率 */
    concluded: Rate
    /** 满意率 (satisfied + basically satisfied among rated) */
    satisfaction: Rate
    /** 参评率 */
    rated: Rate
  }
}

/** Registrations received from `from` to `to` (inclusive); the server defaults to 1 Jan – today. */
export function getSummary(period: { from?: DateString; to?: DateString } = {}, signal?: AbortSignal): Promise<Summary> {
  return api.get<Summary>('/stats/summary', { from: period.from, to: period.to }, { signal })
}

// ------------------------------------------------------------------ trend alerts

/** One month of an alert's series. */
export interface AlertMonth {
  /** YYYY-MM */
  month: string
  batches: number
}

/**
 * An issue-level trend alert (趋势预警): a content category or a problem location whose 批次 this month rose
 * sharply against its own previous 6 months. Issues and places only, never persons.
 */
export interface TrendAlert {
  dimension: 'category' | 'region'
  code: string
  /** Chinese name */
  name: string
  /** 批次 this month */
  current: number
  /** Monthly mean of the previous months (the baseline) */
  baseline: number
  /** Percent above the baseline, one decimal; null when the baseline is 0 */
  change: number | null
  /** The baseline months and this month, oldest first */
  months: AlertMonth[]
}

export interface TrendAlerts {
  /** YYYY-MM */
  month: string
  as_of: DateString
  /** The rule in a Chinese sentence */
  rule: string
  alerts: TrendAlert[]
}

/** GET /stats/alerts: the alerts of `org`'s subtree (omitted: the user's own org). */
export function getTrendAlerts(org?: string | null, signal?: AbortSignal): Promise<TrendAlerts> {
  return api.get<TrendAlerts>('/stats/alerts', { org: org || undefined }, { signal })
}
