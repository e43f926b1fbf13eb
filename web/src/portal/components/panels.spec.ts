import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { i18n } from '../i18n'
import { normalizeView } from '../api/portal'
import RatePanel from './RatePanel.vue'
import ReviewPanel from './ReviewPanel.vue'

const decision = { outcome: 'supported', outcome_label: '予以支持', facts: '', reasons: '', legal_basis: '', decided_on: '2026-12-01' }

function view(over: Record<string, unknown> = {}) {
  return normalizeView({ number: '991021-2026-000001', state: 'replied', state_label: '已答复', decision, steps: [], ...over })
}

function render(component: typeof RatePanel | typeof ReviewPanel, v = view()) {
  return mount(component, {
    props: { view: v, queryCode: 'ABCD-EFGH-JKLM', accessToken: 'tok-1' },
    global: { plugins: [i18n] },
  })
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-12-18T02:00:00Z')) // 2026-12-18 10:00 in Beijing
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('RatePanel', () => {
  it('offers 满意 / 基本满意 / 不满意 until the date', () => {
    const w = render(RatePanel, view({ rating_until: '2026-12-31' }))
    expect(w.find('[data-testid="rate-until"]').text()).toBe('可在 2026-12-31 前评价')
    expect(w.findAll('.el-radio').map((r) => r.text())).toEqual(['满意', '基本满意', '不满意'])
  })

  it('says plainly when the window has closed, with no form', () => {
    const w = render(RatePanel, view({ rating_until: '2026-12-17' }))
    expect(w.find('[data-testid="rate-closed"]').text()).toBe('评价期限已过')
    expect(w.find('form').exists()).toBe(false)
  })

  it('sends the rating with the access token, never the secret, and shows it', async () => {
    const sent: unknown[] = []
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => {
      sent.push(JSON.parse(String(init.body)))
      // A server answering with the view as it was before the rating: the page still shows the rating given.
      return new Response(JSON.stringify({ number: 'N', state: 'replied', decision, rating: null, rating_until: '2026-12-31' }), { status: 200 })
    }))
    const w = render(RatePanel, view({ rating_until: '2026-12-31' }))
    await w.find('[data-testid="rate-dissatisfied"] input').setValue(true)
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(sent).toEqual([{ query_code: 'ABCD-EFGH-JKLM', access_token: 'tok-1', rating: 'dissatisfied', comment: '' }])
    const updated = w.emitted('updated')![0][0] as { rating: string }
    expect(updated.rating).toBe('dissatisfied')
  })
})

describe('ReviewPanel', () => {
  it('shows the deadline for 复查 or 复核', () => {
    expect(render(ReviewPanel, view({ review_until: '2026-12-31', review_kind_label: '复查' })).find('[data-testid="review-until"]').text())
      .toBe('可在 2026-12-31 前申请复查')
    expect(render(ReviewPanel, view({ review_until: '2026-12-31', review_kind_label: '复核' })).find('h2').text()).toBe('申请复核')
  })

  it('says plainly when the window has closed, and when the matter is final', () => {
    expect(render(ReviewPanel, view({ review_until: '2026-12-01' })).find('[data-testid="review-closed"]').text()).toBe('申请期限已过')
    expect(render(ReviewPanel, view({ state: 'final' })).find('[data-testid="review-final"]').text()).toContain('终结')
  })

  it('requires a reason before sending', async () => {
    const fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
    const w = render(ReviewPanel, view({ review_until: '2026-12-31', review_kind_label: '复查' }))
    await w.find('[data-testid="review-open"]').trigger('click')
    await w.find('form').trigger('submit')
    await flushPromises()
    const item = w.findComponent({ name: 'ElFormItem' })
    expect(item.props('error')).toBe('请填写申请理由')
    expect(item.classes()).toContain('is-error')
    expect(fetchMock).not.toHaveBeenCalled()
  })
})
