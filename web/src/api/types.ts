// Shapes shared by several API areas: enumerations (codes as the API sends them, with the value lists for
// selects), Org, User, Problem. Area-specific shapes live in the area's file (petitions.ts, queues.ts, …).
// Source of truth: docs/api/openapi.yaml and src/http/api.cpp.

export const CHANNELS = [
  'letter',
  'visit',
  'online',
  'phone',
  'fax',
  'leader_mailbox',
  'higher_office',
  'hotline_12345',
] as const
export type Channel = (typeof CHANNELS)[number]

export const PURPOSES = ['suggestion', 'accusation', 'complaint'] as const
export type Purpose = (typeof PURPOSES)[number]

export const CASE_KINDS = ['original', 'review', 're_review'] as const
export type CaseKind = (typeof CASE_KINDS)[number]

export const STATES = [
  'registered',
  'forwarded',
  'accepted',
  'hearing',
  'replied',
  'under_review',
  'concluded',
  'final',
  'not_accepted',
  'transferred',
] as const
export type State = (typeof STATES)[number]
/** States in which a petition is still being handled (未办结). */
export const OPEN_STATES: readonly State[] = ['registered', 'forwarded', 'accepted', 'hearing', 'replied', 'under_review']

export const OUTCOMES = ['supported', 'explained', 'not_supported', 'mediated'] as const
export type Outcome = (typeof OUTCOMES)[number]

export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const
export type Rating = (typeof RATINGS)[number]

export const ACTIONS = [
  'forward',
  'assign',
  'accept_directly',
  'transfer_political_legal',
  'transfer_discipline',
  'reject',
  'reject_repeat',
  'reply_on_spot',
  'return',
  'accept',
  'extend',
  'reply',
  'mediate',
  'hearing_start',
  'hearing_end',
  'request_review',
  'rate',
  'conclude',
  'finalize',
  'remind',
  'supervise',
] as const
export type Action = (typeof ACTIONS)[number]

export const CLOCK_KINDS = [
  'route',
  'objection',
  'acceptance',
  'handling',
  'feedback',
  'review_request',
  'rating',
  'supervision',
] as const
export type ClockKind = (typeof CLOCK_KINDS)[number]

export const ROLES = ['registrar', 'handler', 'approver', 'supervisor', 'statistician', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const SCOPES = ['org', 'subtree', 'self', 'all'] as const
export type DataScope = (typeof SCOPES)[number]

export const ORG_LEVELS = ['national', 'province', 'city', 'county', 'township', 'village'] as const
export type OrgLevel = (typeof ORG_LEVELS)[number]

export const ORG_KINDS = ['petition_office', 'department', 'political_legal', 'discipline', 'party_government', 'other'] as const
export type OrgKind = (typeof ORG_KINDS)[number]

export type ProblemCode =
  | 'invalid_argument'
  | 'not_found'
  | 'already_exists'
  | 'failed_precondition'
  | 'aborted'
  | 'permission_denied'
  | 'unauthenticated'
  | 'resource_exhausted'
  | 'unavailable'
  | 'internal'

/** RFC 9457 problem details as the server sends them (application/problem+json). */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  field?: string
  code: ProblemCode | string
}

export interface Org {
  id: number
  code: string
  parent_id: number | null
  name: string
  level: OrgLevel
  level_label: string
  kind: OrgKind
  kind_label: string
  /** 行政区划代码 */
  region_code: string
}

export interface User {
  id: number
  login: string
  display_name: string
  org_id: number
  roles: Role[]
  scope: DataScope
  active: boolean
}

export interface ItemsResponse<T> {
  items: T[]
}

/** Date `YYYY-MM-DD` (Beijing time). */
export type DateString = string
/** ISO 8601 instant with `+08:00`. */
export type InstantString = string
