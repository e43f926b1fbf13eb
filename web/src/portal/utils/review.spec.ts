import { describe, expect, it } from 'vitest'
import { normalizeView } from '../api/portal'
import { ratingPanel, reviewPanel } from './review'

const decision = {
  outcome: 'supported',
  outcome_label: '予以支持',
  facts: '',
  reasons: '',
  legal_basis: '',
  decided_on: '2026-12-01',
}

function view(over: Record<string, unknown>) {
  return normalizeView({ number: 'N', state: 'replied', state_label: '已答复', steps: [], ...over })
}

describe('rating and review panels', () => {
  const today = '2026-12-18'

  it('offers nothing before the reply', () => {
    const v = view({ state: 'accepted', decision: null })
    expect(ratingPanel(v, today)).toBe('hidden')
    expect(reviewPanel(v, today)).toBe('hidden')
  })

  it('is open until the last day, then closed', () => {
    const v = view({ decision, rating_until: '2026-12-31', review_until: '2026-12-31' })
    expect(ratingPanel(v, today)).toBe('open')
    expect(reviewPanel(v, today)).toBe('open')
    expect(ratingPanel(v, '2026-12-31')).toBe('open')
    expect(ratingPanel(v, '2027-01-01')).toBe('closed')
    expect(reviewPanel(v, '2027-01-01')).toBe('closed')
  })

  it('treats a replied case without a window date as closed, and shows a given rating', () => {
    const v = view({ state: 'concluded', decision, rating_until: null, review_until: null })
    expect(ratingPanel(v, today)).toBe('closed')
    expect(reviewPanel(v, today)).toBe('closed')
    expect(ratingPanel(view({ decision, rating: 'satisfied' }), today)).toBe('done')
  })

  it('says a final matter is final, and offers no review while one is under way', () => {
    expect(reviewPanel(view({ state: 'final', decision }), today)).toBe('final')
    expect(reviewPanel(view({ state: 'under_review', decision, review_until: '2026-12-31' }), today)).toBe('hidden')
  })
})

describe('normalizeView', () => {
  it('reads the contract’s fields', () => {
    const v = normalizeView({
      number: 'N',
      state: 'replied',
      received_at: '2026-12-01T09:00:00+08:00',
      reply_due: '2026-12-30',
      remaining_days: 12,
      rating: 'basically_satisfied',
      review_kind_label: '复查',
      access_token: 'tok',
    })
    expect([v.received_at, v.reply_due, v.remaining_days, v.rating, v.review_kind_label, v.access_token]).toEqual([
      '2026-12-01T09:00:00+08:00',
      '2026-12-30',
      12,
      'basically_satisfied',
      '复查',
      'tok',
    ])
  })

  it('accepts the older field names and a rating sent as its label', () => {
    const v = normalizeView({ number: 'N', received_on: '2026-12-01', due: '2026-12-30', rating: '不满意', review_kind: '复核' })
    expect([v.received_at, v.reply_due, v.rating, v.review_kind_label, v.steps]).toEqual(['2026-12-01', '2026-12-30', 'dissatisfied', '复核', []])
  })
})
