// 趋势预警 on the dashboard against a stubbed GET /stats/alerts: the empty text, the alert rows with the rule, and
// a failure kept inside the card.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, RouterLinkStub, type VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'
import { i18n } from '@/i18n'
import TrendAlertsCard from './TrendAlertsCard.vue'
import type { TrendAlerts } from '@/api/stats'

let wrapper: VueWrapper | null = null

async function open(status: number, body: unknown) {
  const fetch = vi.fn(async () => new Response(JSON.stringify(body), { status }))
  vi.stubGlobal('fetch', fetch)
  wrapper = mount(TrendAlertsCard, { global: { plugins: [i18n], stubs: { RouterLink: RouterLinkStub } }, attachTo: document.body })
  await flushPromises()
  await nextTick()
  return fetch
}

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
})

const RULE = '本月批次较前6个月月均上升50%以上且不少于5批的问题类别或地区。'

describe('TrendAlertsCard', () => {
  it('says so when nothing rose this month', async () => {
    const fetch = await open(200, { month: '2025-11', as_of: '2025-11-20', rule: RULE, alerts: [] } satisfies TrendAlerts)
    expect((fetch.mock.calls[0] as unknown[])[0]).toBe('/api/v1/stats/alerts')
    const card = wrapper!.get('[data-testid="dashboard-alerts"]')
    expect(card.text()).toContain('本月暂无异常上升的问题类别或地区')
    expect(card.text()).toContain(RULE)
    expect(card.text()).toContain('2025年11月')
  })

  it('lists the categories and places that rose, linked to the case list', async () => {
    await open(200, {
      month: '2025-11',
      as_of: '2025-11-20',
      rule: RULE,
      alerts: [
        {
          dimension: 'category',
          code: '0402',
          name: '征地拆迁',
          current: 10,
          baseline: 3.5,
          change: 185.7,
          months: [3, 4, 3, 4, 3, 4, 10].map((batches, i) => ({ month: `2025-${String(i + 5).padStart(2, '0')}`, batches })),
        },
        { dimension: 'region', code: '991022', name: '绿水县', current: 6, baseline: 0, change: null, months: [] },
      ],
    } satisfies TrendAlerts)
    const text = wrapper!.get('[data-testid="dashboard-alerts-table"]').text()
    expect(text).toContain('征地拆迁')
    expect(text).toContain('问题类别')
    expect(text).toContain('+185.7%')
    expect(text).toContain('3.5')
    expect(text).toContain('绿水县')
    expect(text).toContain('前期无')
    const links = wrapper!.findAllComponents(RouterLinkStub)
    expect(links[0].props('to')).toEqual({ name: 'petitions', query: { category: '0402', from: '2025-11-01' } })
    expect(links[1].props('to')).toEqual({ name: 'petitions', query: { region: '991022', from: '2025-11-01' } })
    expect(wrapper!.findAll('svg.xf-sparkline')).toHaveLength(2)
  })

  it('keeps a failure inside the card', async () => {
    await open(404, { status: 404, detail: '未找到', code: 'not_found' })
    expect(wrapper!.get('[data-testid="dashboard-alerts"]').text()).toContain('趋势预警暂时无法获取：未找到')
  })
})
