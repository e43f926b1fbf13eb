import { describe, expect, it } from 'vitest'
import { ACTIONS, type User } from '@/api/types'
import type { Transition } from '@/api/workflow'
import zh from '@/i18n/zh-CN/actions'
import {
  actionSpec,
  approverCandidates,
  approverMode,
  articleFor,
  buildActionRequest,
  dialogTitle,
  emptyForm,
  fieldLabelKey,
  fieldNames,
  mapServerField,
  MAX_TEXT,
  replyDocumentKey,
  sortActions,
  validateAction,
  validateField,
  type ActionFormModel,
} from './actionForms'

const ctx = { today: '2026-11-22', currentOrgId: 11 }
const form = (patch: Partial<ActionFormModel> = {}): ActionFormModel => ({ ...emptyForm(), ...patch })

/** Looks a dotted key up in the zh-CN actions module. */
function hasKey(key: string): boolean {
  const path = key.split('.')
  if (path[0] !== 'actions') return false
  let cur: unknown = zh
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null || !(p in cur)) return false
    cur = (cur as Record<string, unknown>)[p]
  }
  return typeof cur === 'string'
}

describe('which fields each action needs (条例)', () => {
  it('covers every action, with translated labels, hints and notices', () => {
    for (const a of ACTIONS) {
      const spec = actionSpec(a)
      expect(spec.fields.length, a).toBeGreaterThan(0)
      for (const f of spec.fields) {
        expect(hasKey(fieldLabelKey(f)), `${a}.${f.name} label`).toBe(true)
        if (f.hint) expect(hasKey(f.hint), `${a}.${f.name} hint`).toBe(true)
      }
      if (spec.notice) expect(hasKey(spec.notice), `${a} notice`).toBe(true)
    }
  })

  it('asks 转送 for a target org, 交办 also for a feedback date', () => {
    expect(fieldNames('forward')).toEqual(['target_org_id', 'internal_note'])
    expect(fieldNames('assign')).toEqual(['target_org_id', 'feedback_due', 'internal_note'])
    expect(actionSpec('assign').fields.filter((f) => f.required).map((f) => f.name)).toEqual([
      'target_org_id',
      'feedback_due',
    ])
  })

  it('limits the transfer pickers to the right kind of org', () => {
    expect(actionSpec('transfer_political_legal').orgKinds).toEqual(['political_legal'])
    expect(actionSpec('transfer_discipline').orgKinds).toEqual(['discipline'])
    expect(actionSpec('forward').orgKinds).toBeUndefined()
  })

  it('requires reason and legal route for 不予受理, reason for 退回', () => {
    const req = (a: string) => actionSpec(a).fields.filter((f) => f.required).map((f) => f.name)
    expect(req('reject')).toEqual(['reason', 'legal_route'])
    expect(req('return')).toEqual(['reason'])
    expect(req('extend')).toEqual(['extension_days', 'reason', 'approver_id'])
    expect(req('reply')).toEqual(['outcome', 'facts', 'reasons', 'legal_basis'])
    expect(req('mediate')).toEqual(['facts'])
    expect(req('reply_on_spot')).toEqual(['reasons'])
    expect(req('rate')).toEqual(['rating'])
    expect(req('supervise')).toEqual(['reason', 'feedback_due'])
    expect(req('remind')).toEqual(['reason'])
    expect(req('accept')).toEqual([])
    expect(req('hearing_start')).toEqual([])
  })

  it('falls back to a confirmation with a note for an unknown action', () => {
    expect(fieldNames('something_new')).toEqual(['internal_note'])
  })
})

describe('validateAction', () => {
  it('reports missing required fields only', () => {
    expect(validateAction('reject', form(), ctx)).toEqual({ reason: 'required', legal_route: 'required' })
    expect(validateAction('reject', form({ reason: '  ', legal_route: '申请行政复议' }), ctx)).toEqual({
      reason: 'required',
    })
    expect(validateAction('accept', form(), ctx)).toEqual({})
    expect(validateAction('reply', form({ outcome: 'supported', facts: 'f', reasons: 'r', legal_basis: 'l' }), ctx)).toEqual({})
  })

  it('wants a feedback date after today', () => {
    expect(validateField('assign', 'feedback_due', form({ feedback_due: '2026-11-22' }), ctx)).toBe('notAfterToday')
    expect(validateField('assign', 'feedback_due', form({ feedback_due: '2026-11-21' }), ctx)).toBe('notAfterToday')
    expect(validateField('assign', 'feedback_due', form({ feedback_due: '2026-11-23' }), ctx)).toBeNull()
    expect(validateField('supervise', 'feedback_due', form({ feedback_due: '23/11/2026' }), ctx)).toBe('invalid')
  })

  it('keeps an extension within 1–30 days (条例第34条) and wants an approver', () => {
    const v = (n: number | null) => validateField('extend', 'extension_days', form({ extension_days: n }), ctx)
    expect(v(null)).toBe('required')
    expect(v(0)).toBe('range')
    expect(v(31)).toBe('range')
    expect(v(2.5)).toBe('range')
    expect(v(1)).toBeNull()
    expect(v(30)).toBeNull()
    expect(validateField('extend', 'approver_id', form({ approver_id: -3 }), ctx)).toBe('invalid')
    expect(validateField('extend', 'approver_id', form({ approver_id: 5 }), ctx)).toBeNull()
  })

  it('refuses the holding org as the target', () => {
    expect(validateField('forward', 'target_org_id', form({ target_org_id: 11 }), ctx)).toBe('sameOrg')
    expect(validateField('forward', 'target_org_id', form({ target_org_id: 12 }), ctx)).toBeNull()
  })

  it('accepts only reply outcomes and ratings from the lists', () => {
    expect(validateField('reply', 'outcome', form({ outcome: 'mediated' }), ctx)).toBe('invalid')
    expect(validateField('reply', 'outcome', form({ outcome: 'explained' }), ctx)).toBeNull()
    expect(validateField('rate', 'rating', form({ rating: 'dissatisfied' }), ctx)).toBeNull()
  })

  it('limits text to 20000 characters, counting code points', () => {
    expect(validateField('return', 'reason', form({ reason: '退'.repeat(MAX_TEXT) }), ctx)).toBeNull()
    expect(validateField('return', 'reason', form({ reason: '退'.repeat(MAX_TEXT + 1) }), ctx)).toBe('tooLong')
    expect(validateField('accept', 'internal_note', form({ internal_note: 'x'.repeat(MAX_TEXT + 1) }), ctx)).toBe('tooLong')
  })

  it('ignores fields the action does not have', () => {
    expect(validateField('accept', 'reason', form(), ctx)).toBeNull()
  })
})

describe('buildActionRequest', () => {
  it('sends only the action’s fields, trimmed, without empty optional ones', () => {
    const model = form({
      target_org_id: 12,
      reason: ' stray ',
      internal_note: '  ',
      feedback_due: '2026-12-01',
    })
    expect(buildActionRequest('forward', model)).toEqual({ target_org_id: 12 })
    expect(buildActionRequest('assign', model)).toEqual({ target_org_id: 12, feedback_due: '2026-12-01' })
    expect(buildActionRequest('return', model)).toEqual({ reason: 'stray' })
  })

  it('sends numbers as numbers', () => {
    const body = buildActionRequest('extend', form({ extension_days: 15, reason: '案情复杂', approver_id: 5 }))
    expect(body).toEqual({ extension_days: 15, reason: '案情复杂', approver_id: 5 })
  })

  it('builds a reply', () => {
    const body = buildActionRequest(
      'reply',
      form({ outcome: 'supported', facts: '事实', reasons: '理由', legal_basis: '依据', internal_note: '备注' }),
    )
    expect(body).toEqual({ outcome: 'supported', facts: '事实', reasons: '理由', legal_basis: '依据', internal_note: '备注' })
  })
})

describe('mapServerField', () => {
  it('puts a 400 beside the field the dialog shows', () => {
    expect(mapServerField('extend', 'approver_id', '延期须经本单位负责人批准')).toEqual({
      field: 'approver_id',
      message: '延期须经本单位负责人批准',
    })
    expect(mapServerField('forward', 'target_org_code', '单位不存在')).toEqual({
      field: 'target_org_id',
      message: '单位不存在',
    })
  })

  it('returns null for fields the dialog does not show (shown at the top instead)', () => {
    expect(mapServerField('accept', 'reason', 'x')).toBeNull()
    expect(mapServerField('forward', 'If-Match', 'x')).toBeNull()
    expect(mapServerField('forward', undefined, 'x')).toBeNull()
  })
})

describe('article and document', () => {
  const transitions: Transition[] = [
    { action: 'reject', label: '不予受理', from: ['registered'], kinds: ['original'], to: 'not_accepted', roles: [], petitioner: false, system: false, article: '条例第23条、第19条第3款' },
    { action: 'reject', label: '不予受理', from: ['forwarded'], kinds: ['original'], to: 'not_accepted', roles: [], petitioner: false, system: false, article: '条例第23条' },
    { action: 'reply', label: '答复', from: ['accepted'], kinds: ['original'], to: 'replied', roles: [], petitioner: false, system: false, article: '条例第32条、第34条' },
    { action: 'reply', label: '答复', from: ['accepted', 'hearing'], kinds: ['review'], to: 'replied', roles: [], petitioner: false, system: false, article: '条例第35条' },
  ]

  it('takes the article of the row for this state and kind', () => {
    expect(articleFor(transitions, 'reject', 'registered', 'original')).toBe('条例第23条、第19条第3款')
    expect(articleFor(transitions, 'reject', 'forwarded', 'original')).toBe('条例第23条')
    expect(articleFor(transitions, 'reply', 'hearing', 'review')).toBe('条例第35条')
    expect(articleFor(transitions, 'reply', 'replied', 'review')).toBe('条例第35条')
    expect(articleFor(transitions, 'extend', 'accepted', 'original')).toBe('')
    expect(articleFor([], 'reply', 'accepted', 'original')).toBe('')
  })

  it('names the opinion a reply produces by case kind', () => {
    expect(replyDocumentKey('original')).toBe('actions.documents.original')
    expect(replyDocumentKey('review')).toBe('actions.documents.review')
    expect(replyDocumentKey('re_review')).toBe('actions.documents.reReview')
    expect(dialogTitle('reply', 're_review')).toEqual({ key: 'actions.titles.reply', document: 'actions.documents.reReview' })
    expect(dialogTitle('request_review', 'original').key).toBe('actions.titles.requestReview')
    expect(dialogTitle('request_review', 'review').key).toBe('actions.titles.requestReReview')
    expect(dialogTitle('forward', 'original').key).toBe('actions.titles.generic')
  })
})

describe('approver of 延期', () => {
  it('lets an approver approve, an admin pick, others type an id', () => {
    expect(approverMode(['approver'])).toBe('self')
    expect(approverMode(['handler', 'approver'])).toBe('self')
    expect(approverMode(['admin'])).toBe('list')
    expect(approverMode(['handler'])).toBe('manual')
  })

  it('offers the active approvers of the holding org', () => {
    const u = (id: number, org: number, roles: User['roles'], active = true): User => ({
      id, login: `u${id}`, display_name: `U${id}`, org_id: org, roles, scope: 'org', active,
    })
    const users = [u(1, 12, ['approver']), u(2, 12, ['handler']), u(3, 11, ['approver']), u(4, 12, ['approver'], false)]
    expect(approverCandidates(users, 12).map((x) => x.id)).toEqual([1])
  })
})

describe('sortActions', () => {
  it('puts the usual next step first and refusals last, keeping the server order within a group', () => {
    const names = (xs: string[]) => sortActions(xs.map((name) => ({ name }))).map((a) => a.name)
    expect(names(['reject', 'return', 'accept'])).toEqual(['accept', 'return', 'reject'])
    expect(names(['forward', 'assign', 'accept_directly', 'transfer_political_legal', 'transfer_discipline', 'reject', 'reject_repeat', 'reply_on_spot'])).toEqual([
      'forward', 'assign', 'accept_directly', 'reply_on_spot', 'transfer_political_legal', 'transfer_discipline', 'reject', 'reject_repeat',
    ])
    expect(names(['extend', 'reply', 'mediate'])).toEqual(['reply', 'mediate', 'extend'])
  })
})
