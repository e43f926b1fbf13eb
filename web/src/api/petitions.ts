// /api/v1/petitions… — register, list, detail, reveal, audit, workflow actions.
import { api, requestRaw } from './client'
import type {
  Action,
  CaseKind,
  Channel,
  ClockKind,
  DateString,
  InstantString,
  ItemsResponse,
  Outcome,
  Purpose,
  Rating,
  State,
} from './types'

// ------------------------------------------------------------------ shapes

/** Fields common to list items and the detail view. */
export interface PetitionCore {
  id: number
  /** Same as the ETag; send back as `version` / If-Match on actions. */
  version: number
  /** 信访件编号 `{区划}-{年}-{序号}` */
  number: string
  kind: CaseKind
  kind_label: string
  channel: Channel
  channel_label: string
  purpose: Purpose
  purpose_label: string
  state: State
  state_label: string
  received_at: InstantString
  category_code: string
  /** 问题属地（行政区划代码，6 位或乡镇 9 位） */
  region_code: string
  title: string
  persons: number
  /** 集体访（5 人及以上） */
  collective: boolean
  is_repeat: boolean
  current_org_id: number
  registered_org_id: number
}

export interface PetitionListItem extends PetitionCore {
  current_org_name: string
  /** First petitioner's name, or 匿名 */
  petitioner: string
  /** Nearest duty deadline */
  next_due: DateString | null
  /** Days left until next_due (negative: overdue) */
  remaining_days: number | null
}

export interface PetitionList {
  items: PetitionListItem[]
  /** Opaque; null when there are no more pages */
  next_cursor: string | null
}

export interface PetitionerView {
  name: string
  /** Masked unless revealed, e.g. `1101**********4514` */
  id_number: string
  /** Masked unless revealed, e.g. `138****5678` */
  phone: string
  address: string
  representative: boolean
}

export interface Decision {
  outcome: Outcome
  outcome_label: string
  facts: string
  reasons: string
  legal_basis: string
  decided_on: DateString
}

export interface Clock {
  kind: ClockKind
  label: string
  /** 条例依据 */
  article: string
  unit: 'working_days' | 'calendar_days'
  days: number
  started_on: DateString
  due: DateString
  extension_days: number
  paused_days: number
  /** 暂停中（如听证） */
  paused: boolean
  running: boolean
  stopped_on: DateString | null
  remaining_days: number
  overdue: boolean
  /** A legal duty deadline of the handling org */
  duty: boolean
}

export interface TimelineEvent {
  id: number
  at: InstantString
  /** An Action, or `register` */
  action: Action | 'register' | string
  action_label?: string
  actor_kind: 'staff' | 'petitioner' | 'system'
  actor_user_id: number
  org_id: number
  target_org_id: number | null
  /** Text the petitioner sees */
  public_text: string
  /** Internal note (never public) */
  internal_note: string
  is_public: boolean
  detail?: Record<string, unknown>
}

export interface AvailableAction {
  name: Action
  label: string
}

export interface PetitionView extends PetitionCore {
  query_code: string
  parent_case_id: number | null
  root_case_id: number | null
  child_case_id: number | null
  content: string
  category_path: string
  registered_org_name: string
  current_org_name: string
  registered_by: number
  petitioners: PetitionerView[]
  personal_data_revealed: boolean
  accused_name: string
  accused_org_id: number | null
  accused_org_name: string
  involves_litigation: boolean
  anonymous: boolean
  repeat_of: number | null
  skipped_level: boolean
  decision: Decision | null
  rating: Rating | null
  rating_label: string | null
  rating_comment: string
  route_note: string
  accepted_on: DateString | null
  replied_on: DateString | null
  closed_on: DateString | null
  extended: boolean
  remind_count: number
  supervise_count: number
  clocks: Clock[]
  timeline: TimelineEvent[]
  /** What the current user may do now */
  actions: AvailableAction[]
}

export interface PetitionerInput {
  name?: string
  id_number?: string
  phone?: string
  address?: string
  representative?: boolean
}

export interface RegisterRequest {
  channel: Channel
  /** ISO 8601 or a plain date; defaults to now */
  received_at?: string
  /** Registering org code; defaults to the user's org */
  org_code?: string
  purpose?: Purpose
  category_code: string
  region_code: string
  title: string
  content: string
  persons?: number
  petitioners?: PetitionerInput[]
  accused_name?: string
  accused_org_code?: string
  involves_litigation?: boolean
  anonymous?: boolean
  repeat_of_number?: string
  skipped_level?: boolean
}

export interface Registered {
  id: number
  number: string
  query_code: string
  /** 查询密码 — returned only this once */
  secret: string
  version: number
}

/** Input of a workflow action; which fields are needed depends on the action (see openapi.yaml ActionRequest). */
export interface ActionRequest {
  version?: number
  target_org_id?: number
  target_org_code?: string
  feedback_due?: DateString
  reason?: string
  legal_route?: string
  extension_days?: number
  approver_id?: number
  outcome?: Outcome
  facts?: string
  reasons?: string
  legal_basis?: string
  rating?: Rating
  comment?: string
  internal_note?: string
}

export interface AuditRecord {
  id: number
  at: InstantString
  actor_user_id: number
  actor_kind: string
  /** e.g. `petitioner.reveal` */
  action: string
  request_id: string
}

/** Filters of GET /petitions (and of the queues). Empty values are left out of the query string. */
export interface PetitionQuery {
  state?: State | ''
  channel?: Channel | ''
  purpose?: Purpose | ''
  /** Category code prefix, e.g. `04` */
  category?: string
  /** Region code prefix */
  region?: string
  number?: string
  /** Registered on or after (YYYY-MM-DD) */
  from?: DateString
  /** Registered on or before (YYYY-MM-DD) */
  to?: DateString
  /** Only open (未办结) */
  open?: boolean
  /** Current handling org */
  org_id?: number
  /** With org_id: the org and every org under it */
  subtree?: boolean
  /** Only overdue */
  overdue?: boolean
  /** Due within N days (0–365) */
  due_within?: number
  /** 1–200, default 50 */
  limit?: number
  cursor?: string | null
}

// ------------------------------------------------------------------ calls

export function listPetitions(query: PetitionQuery = {}, signal?: AbortSignal): Promise<PetitionList> {
  return api.get<PetitionList>('/petitions', { ...query }, { signal })
}

export function getPetition(id: number | string, signal?: AbortSignal): Promise<PetitionView> {
  return api.get<PetitionView>(`/petitions/${id}`, undefined, { signal })
}

export function registerPetition(body: RegisterRequest): Promise<Registered> {
  return api.post<Registered>('/petitions', body)
}

/** Unmasked personal data; audited (`petitioner.reveal`). Only the current handling org may. */
// `reason`: why the full personal data is needed (2–200 characters), kept in the audit record.
export function revealPetition(id: number | string, reason: string): Promise<PetitionView> {
  return api.post<PetitionView>(`/petitions/${id}/reveal`, { reason })
}

export async function getPetitionAudit(id: number | string): Promise<AuditRecord[]> {
  return (await api.get<ItemsResponse<AuditRecord>>(`/petitions/${id}/audit`)).items
}

/**
 * Performs a workflow action. Pass the `version` you displayed: a 409 ApiError with `isConflict()` means
 * someone else changed the petition (reload and retry); `isFailedPrecondition()` means the state forbids it.
 */
export async function actOnPetition(
  id: number | string,
  action: Action,
  body: ActionRequest = {},
  version?: number,
): Promise<PetitionView> {
  const headers: Record<string, string> = {}
  if (version !== undefined) headers['If-Match'] = `"${version}"`
  const r = await requestRaw<PetitionView>('POST', `/petitions/${id}/actions/${action}`, { body, headers })
  return r.data
}
