// The workflow action dialogs as data: which fields each action needs (条例 — see src/domain/workflow.cpp),
// client-side validation, the request body, mapping of a server 400 `field` onto the dialog's fields, the
// article from the transition table and the name of the document a reply produces. No Vue here: the dialog
// (ActionDialog.vue) renders what this describes, and actionForms.spec.ts tests it.
import type { Action, CaseKind, OrgKind, Outcome, Rating, Role, State, User } from '@/api/types'
import type { ActionRequest } from '@/api/petitions'
import type { Transition } from '@/api/workflow'

/** Input fields a dialog may show; names are those of ActionRequest (so server `field`s map 1:1). */
export type ActionField =
  | 'target_org_id'
  | 'feedback_due'
  | 'reason'
  | 'legal_route'
  | 'extension_days'
  | 'approver_id'
  | 'outcome'
  | 'facts'
  | 'reasons'
  | 'legal_basis'
  | 'rating'
  | 'comment'
  | 'internal_note'

export interface FieldSpec {
  name: ActionField
  required: boolean
  /** i18n key of the label (defaults to `actions.fields.<name>`) */
  label?: string
  /** i18n key of a hint under the field */
  hint?: string
}

export interface ActionSpec {
  fields: FieldSpec[]
  /** Target-org picker limited to these org kinds (转政法 / 转纪检监察) */
  orgKinds?: OrgKind[]
  /** i18n key of an explanation shown at the top of the dialog (confirmations, time limits, pauses) */
  notice?: string
  /** Recorded by staff on behalf of the petitioner (申请复查/复核, 评价) */
  onBehalf?: boolean
  /** Button style in the action bar */
  tone: 'primary' | 'default' | 'warning' | 'danger' | 'success'
}

/** Longest text the server accepts in one field. */
export const MAX_TEXT = 20000
/** 条例第34条: at most 30 days' extension. */
export const MAX_EXTENSION_DAYS = 30

/** Outcomes a 答复 may have (调解 has its own action). */
export const REPLY_OUTCOMES: readonly Outcome[] = ['supported', 'explained', 'not_supported']
export const RATING_OPTIONS: readonly Rating[] = ['satisfied', 'basically_satisfied', 'dissatisfied']

/**
 * Usual routes for 不予受理 (条例第23条、第19条第3款: matters for courts, arbitration or reconsideration go
 * there). The value is sent as is and shown to the petitioner, so it stays Chinese; `gloss` is an i18n key.
 */
export const LEGAL_ROUTES: readonly { value: string; gloss: string }[] = [
  { value: '向人民法院提起诉讼', gloss: 'actions.legalRoutes.court' },
  { value: '申请劳动人事争议仲裁', gloss: 'actions.legalRoutes.laborArbitration' },
  { value: '申请行政复议', gloss: 'actions.legalRoutes.reconsideration' },
  { value: '向仲裁委员会申请仲裁', gloss: 'actions.legalRoutes.arbitration' },
  { value: '向人民检察院申请法律监督', gloss: 'actions.legalRoutes.procuratorate' },
]

const note: FieldSpec = { name: 'internal_note', required: false }

const SPECS: Record<Action, ActionSpec> = {
  forward: { tone: 'primary', fields: [{ name: 'target_org_id', required: true }, note] },
  assign: {
    tone: 'primary',
    fields: [
      { name: 'target_org_id', required: true },
      { name: 'feedback_due', required: true, hint: 'actions.hints.feedbackDue' },
      note,
    ],
  },
  accept_directly: { tone: 'primary', notice: 'actions.notices.acceptDirectly', fields: [note] },
  transfer_political_legal: {
    tone: 'default',
    orgKinds: ['political_legal'],
    notice: 'actions.notices.transferPoliticalLegal',
    fields: [{ name: 'target_org_id', required: true, label: 'actions.fields.transferTarget' }, note],
  },
  transfer_discipline: {
    tone: 'default',
    orgKinds: ['discipline'],
    notice: 'actions.notices.transferDiscipline',
    fields: [{ name: 'target_org_id', required: true, label: 'actions.fields.transferTarget' }, note],
  },
  reject: {
    tone: 'danger',
    notice: 'actions.notices.reject',
    fields: [
      { name: 'reason', required: true, label: 'actions.fields.rejectReason' },
      { name: 'legal_route', required: true, hint: 'actions.hints.legalRoute' },
      note,
    ],
  },
  reject_repeat: { tone: 'danger', notice: 'actions.notices.rejectRepeat', fields: [note] },
  reply_on_spot: {
    tone: 'success',
    fields: [{ name: 'reasons', required: true, label: 'actions.fields.spotReply' }, note],
  },
  return: {
    tone: 'warning',
    notice: 'actions.notices.return',
    fields: [{ name: 'reason', required: true, label: 'actions.fields.returnReason' }],
  },
  accept: { tone: 'primary', notice: 'actions.notices.accept', fields: [note] },
  extend: {
    tone: 'warning',
    notice: 'actions.notices.extend',
    fields: [
      { name: 'extension_days', required: true, hint: 'actions.hints.extensionDays' },
      { name: 'reason', required: true, label: 'actions.fields.extendReason' },
      { name: 'approver_id', required: true },
      note,
    ],
  },
  reply: {
    tone: 'success',
    fields: [
      { name: 'outcome', required: true },
      { name: 'facts', required: true },
      { name: 'reasons', required: true },
      { name: 'legal_basis', required: true },
      note,
    ],
  },
  mediate: {
    tone: 'success',
    notice: 'actions.notices.mediate',
    fields: [{ name: 'facts', required: true, label: 'actions.fields.agreement' }, note],
  },
  hearing_start: { tone: 'default', notice: 'actions.notices.hearingStart', fields: [note] },
  hearing_end: { tone: 'default', notice: 'actions.notices.hearingEnd', fields: [note] },
  request_review: {
    tone: 'default',
    onBehalf: true,
    notice: 'actions.notices.requestReview',
    fields: [{ name: 'reason', required: true, label: 'actions.fields.reviewReason' }],
  },
  rate: {
    tone: 'default',
    onBehalf: true,
    notice: 'actions.notices.rate',
    fields: [
      { name: 'rating', required: true },
      { name: 'comment', required: false, label: 'actions.fields.ratingComment' },
    ],
  },
  conclude: { tone: 'success', notice: 'actions.notices.conclude', fields: [note] },
  finalize: { tone: 'default', notice: 'actions.notices.finalize', fields: [note] },
  remind: {
    tone: 'warning',
    notice: 'actions.notices.remind',
    fields: [{ name: 'reason', required: true, label: 'actions.fields.remindReason' }],
  },
  supervise: {
    tone: 'warning',
    notice: 'actions.notices.supervise',
    fields: [
      { name: 'reason', required: true, label: 'actions.fields.superviseReason' },
      { name: 'feedback_due', required: true, hint: 'actions.hints.feedbackDue' },
    ],
  },
}

const FALLBACK: ActionSpec = { tone: 'default', fields: [note] }

/** What the dialog of `action` shows. Unknown actions get a plain confirmation with a note. */
export function actionSpec(action: string): ActionSpec {
  return (SPECS as Record<string, ActionSpec>)[action] ?? FALLBACK
}

export function fieldNames(action: string): ActionField[] {
  return actionSpec(action).fields.map((f) => f.name)
}

export function fieldLabelKey(spec: FieldSpec): string {
  return spec.label ?? `actions.fields.${spec.name}`
}

// ------------------------------------------------------------------ the form model

export interface ActionFormModel {
  target_org_id: number | null
  feedback_due: string
  reason: string
  legal_route: string
  extension_days: number | null
  approver_id: number | null
  outcome: Outcome | ''
  facts: string
  reasons: string
  legal_basis: string
  rating: Rating | ''
  comment: string
  internal_note: string
}

export function emptyForm(): ActionFormModel {
  return {
    target_org_id: null,
    feedback_due: '',
    reason: '',
    legal_route: '',
    extension_days: null,
    approver_id: null,
    outcome: '',
    facts: '',
    reasons: '',
    legal_basis: '',
    rating: '',
    comment: '',
    internal_note: '',
  }
}

// ------------------------------------------------------------------ validation

/** What is wrong with a field; the dialog turns it into a message with the field's label. */
export type FieldIssue = 'required' | 'tooLong' | 'notAfterToday' | 'range' | 'sameOrg' | 'invalid'
export type FieldIssues = Partial<Record<ActionField, FieldIssue>>

export interface ValidationContext {
  /** Today in Beijing time, YYYY-MM-DD */
  today: string
  /** The org holding the case (may not be the target of 转送/交办) */
  currentOrgId?: number
}

const TEXT_FIELDS: ActionField[] = ['reason', 'legal_route', 'facts', 'reasons', 'legal_basis', 'comment', 'internal_note']
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '')
}

/** Checks one field of `action`'s dialog; null when fine. */
export function validateField(
  action: string,
  field: ActionField,
  model: ActionFormModel,
  ctx: ValidationContext,
): FieldIssue | null {
  const spec = actionSpec(action).fields.find((f) => f.name === field)
  if (!spec) return null
  const value = model[field]
  if (isBlank(value)) return spec.required ? 'required' : null
  if (TEXT_FIELDS.includes(field) && typeof value === 'string' && [...value].length > MAX_TEXT) return 'tooLong'
  switch (field) {
    case 'feedback_due':
      if (!DATE_RE.test(String(value))) return 'invalid'
      // The server wants a date strictly after today (条例第22条 交办 / 第39条 督办 feedback).
      return String(value) > ctx.today ? null : 'notAfterToday'
    case 'extension_days': {
      const n = Number(value)
      return Number.isInteger(n) && n >= 1 && n <= MAX_EXTENSION_DAYS ? null : 'range'
    }
    case 'approver_id': {
      const n = Number(value)
      return Number.isInteger(n) && n > 0 ? null : 'invalid'
    }
    case 'target_org_id':
      return ctx.currentOrgId !== undefined && Number(value) === ctx.currentOrgId ? 'sameOrg' : null
    case 'outcome':
      return REPLY_OUTCOMES.includes(value as Outcome) ? null : 'invalid'
    case 'rating':
      return RATING_OPTIONS.includes(value as Rating) ? null : 'invalid'
    default:
      return null
  }
}

/** Checks every field of `action`'s dialog. Empty object: ready to submit. */
export function validateAction(action: string, model: ActionFormModel, ctx: ValidationContext): FieldIssues {
  const issues: FieldIssues = {}
  for (const f of actionSpec(action).fields) {
    const issue = validateField(action, f.name, model, ctx)
    if (issue) issues[f.name] = issue
  }
  return issues
}

/** The request body: only the action's fields, strings trimmed, empty optional fields left out. */
export function buildActionRequest(action: string, model: ActionFormModel): ActionRequest {
  const body: Record<string, unknown> = {}
  for (const { name } of actionSpec(action).fields) {
    const v = model[name]
    if (isBlank(v)) continue
    if (name === 'target_org_id' || name === 'extension_days' || name === 'approver_id') body[name] = Number(v)
    else body[name] = typeof v === 'string' ? v.trim() : v
  }
  return body as ActionRequest
}

// ------------------------------------------------------------------ server errors

/** Server field names that mean one of the dialog's fields. */
const SERVER_FIELD_ALIASES: Record<string, ActionField> = {
  target_org_code: 'target_org_id',
}

/**
 * Maps a 400's `field` onto the dialog: `{ field, message }` when the dialog shows that field (the message then
 * goes beside it), else null (show the message at the top of the dialog).
 */
export function mapServerField(
  action: string,
  serverField: string | undefined | null,
  detail: string,
): { field: ActionField; message: string } | null {
  if (!serverField) return null
  const name = (SERVER_FIELD_ALIASES[serverField] ?? serverField) as ActionField
  return fieldNames(action).includes(name) ? { field: name, message: detail } : null
}

// ------------------------------------------------------------------ article and document

/** The article (e.g. 条例第22条) of the transition that governs `action` on a `kind` case in `state`. */
export function articleFor(
  transitions: readonly Transition[],
  action: string,
  state: State | string,
  kind: CaseKind | string,
): string {
  const exact = transitions.find(
    (t) => t.action === action && t.from.includes(state as State) && t.kinds.includes(kind as CaseKind),
  )
  if (exact) return exact.article
  // Not from this state (the list said we may, so the table is ahead of us): any row of the action and kind.
  return transitions.find((t) => t.action === action && t.kinds.includes(kind as CaseKind))?.article ?? ''
}

/** 答复 produces 信访处理意见书 / 复查意见书 / 复核意见书 (条例第32、35、36条): the i18n key of its name. */
export function replyDocumentKey(kind: CaseKind | string): string {
  if (kind === 'review') return 'actions.documents.review'
  if (kind === 're_review') return 'actions.documents.reReview'
  return 'actions.documents.original'
}

/** i18n key + params of the dialog title. */
export function dialogTitle(action: string, kind: CaseKind | string): { key: string; document?: string } {
  if (action === 'reply') return { key: 'actions.titles.reply', document: replyDocumentKey(kind) }
  if (action === 'request_review')
    return { key: kind === 'original' ? 'actions.titles.requestReview' : 'actions.titles.requestReReview' }
  return { key: 'actions.titles.generic' }
}

// ------------------------------------------------------------------ approver of 延期

/**
 * How the 延期 dialog gets its approver (条例第34条: 经本机关负责人批准). The server wants an active user holding
 * `approver` in the org holding the case.
 * - `self`: the current user holds `approver` (the only role that may extend) — they approve it themselves;
 * - `list`: the user may read GET /users (admins) — pick from the holding org's approvers;
 * - `manual`: otherwise — type the approver's user id.
 */
export type ApproverMode = 'self' | 'list' | 'manual'

export function approverMode(roles: readonly Role[]): ApproverMode {
  if (roles.includes('approver')) return 'self'
  if (roles.includes('admin')) return 'list'
  return 'manual'
}

/** Users who may approve an extension for a case held by `orgId`. */
export function approverCandidates(users: readonly User[], orgId: number): User[] {
  return users.filter((u) => u.active && u.org_id === orgId && u.roles.includes('approver'))
}

// ------------------------------------------------------------------ action bar order

const TONE_ORDER: Record<ActionSpec['tone'], number> = { primary: 0, success: 1, default: 2, warning: 3, danger: 4 }

/**
 * The action bar's order: the usual next step first (受理, 转送, 答复 …), refusals (不予受理, 退回 …) last; the
 * server's order is kept within each group.
 */
export function sortActions<T extends { name: string }>(actions: readonly T[]): T[] {
  return actions
    .map((a, i) => ({ a, i, w: TONE_ORDER[actionSpec(a.name).tone] }))
    .sort((x, y) => x.w - y.w || x.i - y.i)
    .map((x) => x.a)
}
