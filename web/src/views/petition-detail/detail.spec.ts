import { describe, expect, it } from 'vitest'
import { caseFlags, mayReveal, relatedCases } from './detail'

describe('relatedCases', () => {
  it('lists the chain in order without duplicates or the case itself', () => {
    // A 复核 case: root = 初次办理件 1, parent = 复查件 2.
    expect(relatedCases({ id: 3, root_case_id: 1, parent_case_id: 2, child_case_id: null, repeat_of: null })).toEqual([
      { relation: 'root', id: 1 },
      { relation: 'parent', id: 2 },
    ])
    // A 复查 case: root and parent are the same 初次办理件 — shown once, as the parent.
    expect(relatedCases({ id: 2, root_case_id: 1, parent_case_id: 1, child_case_id: 3, repeat_of: null })).toEqual([
      { relation: 'parent', id: 1 },
      { relation: 'child', id: 3 },
    ])
    // An original case that was reviewed and repeats an earlier one.
    expect(relatedCases({ id: 1, root_case_id: null, parent_case_id: null, child_case_id: 2, repeat_of: 7 })).toEqual([
      { relation: 'child', id: 2 },
      { relation: 'repeatOf', id: 7 },
    ])
    expect(relatedCases({ id: 1, root_case_id: 1, parent_case_id: null, child_case_id: null, repeat_of: null })).toEqual([])
  })
})

describe('caseFlags', () => {
  it('lists the flags that are set', () => {
    const none = { anonymous: false, involves_litigation: false, skipped_level: false, is_repeat: false, collective: false }
    expect(caseFlags(none)).toEqual([])
    expect(caseFlags({ ...none, anonymous: true, is_repeat: true, involves_litigation: true })).toEqual([
      'anonymous',
      'involvesLitigation',
      'repeat',
    ])
    expect(caseFlags({ ...none, skipped_level: true, collective: true })).toEqual(['skippedLevel', 'collective'])
  })
})

describe('mayReveal', () => {
  const p = { current_org_id: 12, registered_org_id: 11 }
  it('follows the server rule: registrar/handler/approver of the holding or registering org', () => {
    expect(mayReveal({ org_id: 12, roles: ['handler'] }, p)).toBe(true)
    expect(mayReveal({ org_id: 11, roles: ['registrar'] }, p)).toBe(true)
    expect(mayReveal({ org_id: 12, roles: ['approver'] }, p)).toBe(true)
    expect(mayReveal({ org_id: 4, roles: ['handler'] }, p)).toBe(false)
    expect(mayReveal({ org_id: 12, roles: ['supervisor', 'statistician'] }, p)).toBe(false)
    expect(mayReveal(null, p)).toBe(false)
  })
})
