// The 统计分析 page against a stubbed server: the default query (this year, the user's org), the totals with 同比,
// the indicators with numerator/denominator, the summary text and its 复制, a quarter query, a field error beside
// the period, and 导出Excel downloading the same report with format=xlsx.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, nextTick } from 'vue'
import { i18n } from '@/i18n'
import { resetReference } from '@/stores/reference'
import { sampleReport } from './report.fixture'
import StatisticsView from './StatisticsView.vue'

vi.mock('@/components/EChart.vue', () => ({
  default: defineComponent({
    props: { option: Object, label: String, height: String },
    setup: (props) => () => h('div', { class: 'echart-stub', 'data-label': props.label }),
  }),
}))

type Handler = (url: string) => Response | Promise<Response>
let calls: string[] = []
let handler: Handler

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

function defaultHandler(url: string): Response {
  if (url.startsWith('/api/v1/orgs')) return json(200, { items: [] })
  if (url.startsWith('/api/v1/reports/summary') && url.includes('format=xlsx'))
    return new Response('PK\u0003\u0004', {
      status: 200,
      headers: { 'Content-Disposition': `attachment; filename*=UTF-8''%E7%BB%9F%E8%AE%A1%E6%8A%A5%E8%A1%A8.xlsx` },
    })
  if (url.startsWith('/api/v1/reports/summary')) return json(200, sampleReport())
  return json(404, { status: 404, detail: 'not found', code: 'not_found' })
}

let wrapper: VueWrapper | null = null
const q = <T extends Element = HTMLElement>(sel: string) => document.body.querySelector<T>(sel)
const reportCalls = () => calls.filter((u) => u.startsWith('/api/v1/reports/summary'))

async function open() {
  wrapper = mount(StatisticsView, { global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  await nextTick()
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2025-06-15T04:00:00Z'))
  calls = []
  handler = defaultHandler
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      calls.push(url)
      return handler(url)
    }),
  )
  resetReference()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('StatisticsView', () => {
  it('asks for this year on opening and shows the report', async () => {
    await open()
    expect(reportCalls()[0]).toBe('/api/v1/reports/summary?from=2025-01-01&to=2025-12-31&category_level=1')
    const totals = q('[data-testid="statistics-totals"]')!.textContent!
    expect(totals).toContain('236')
    expect(totals).toContain('1,024')
    expect(totals).toContain('同比下降9.2%')
    expect(totals).toContain('上年同期 260')
    expect(q('[data-testid="statistics-heading"]')!.textContent).toContain('青山县信访局 2025年')
    const indicators = q('[data-testid="statistics-indicators"]')!.textContent!
    expect(indicators).toContain('及时受理率')
    expect(indicators).toContain('118/120')
    expect(indicators).toContain('98.3%')
    expect(indicators).toContain('上升1.2个百分点')
    expect(q('[data-testid="statistics-by-category"]')!.textContent).toContain('城乡建设')
    const text = q('[data-testid="statistics-text"]')!
    expect(text.querySelectorAll('p')).toHaveLength(2)
    expect(text.textContent).toContain('236批1024人次')
  })

  it('says when the figures come from the read-only replica, and how far behind it is', async () => {
    await open()
    expect(q('[data-testid="statistics-replica"]')).toBeNull()  // the primary: nothing to say
    handler = (url) =>
      url.startsWith('/api/v1/reports/summary')
        ? json(200, { ...sampleReport(), data_source: 'replica', replica_lag_seconds: 2.6 })
        : defaultHandler(url)
    wrapper!.unmount()
    await open()
    expect(q('[data-testid="statistics-replica"]')!.textContent).toContain('数据来自只读备库，落后主库约 3 秒')
  })

  it('queries a quarter when 季度 is chosen', async () => {
    await open()
    q<HTMLInputElement>('[data-testid="statistics-mode-quarter"] input')!.click()
    await nextTick()
    expect(q('[data-testid="statistics-quarter"]')).not.toBeNull()
    q<HTMLButtonElement>('[data-testid="statistics-query"]')!.click()
    await flushPromises()
    expect(reportCalls().at(-1)).toBe('/api/v1/reports/summary?from=2025-04-01&to=2025-06-30&category_level=1')
  })

  it('asks for second-level categories', async () => {
    await open()
    const level2 = document.body.querySelectorAll<HTMLInputElement>('[data-testid="statistics-level"] input')[1]
    level2.click()
    await nextTick()
    q<HTMLButtonElement>('[data-testid="statistics-query"]')!.click()
    await flushPromises()
    expect(reportCalls().at(-1)).toContain('category_level=2')
  })

  it('requires a custom range, and shows a server field error beside the period', async () => {
    await open()
    q<HTMLInputElement>('[data-testid="statistics-mode-custom"] input')!.click()
    await nextTick()
    const before = reportCalls().length
    q<HTMLButtonElement>('[data-testid="statistics-query"]')!.click()
    await flushPromises()
    expect(reportCalls()).toHaveLength(before)
    expect(q('[data-testid="statistics-filter"]')!.textContent).toContain('请选择起止日期')

    q<HTMLInputElement>('[data-testid="statistics-mode-year"] input')!.click()
    await nextTick()
    handler = (url) =>
      url.startsWith('/api/v1/reports')
        ? json(400, { status: 400, detail: '统计期间不能超过十年', field: 'from', code: 'invalid_argument' })
        : defaultHandler(url)
    q<HTMLButtonElement>('[data-testid="statistics-query"]')!.click()
    await flushPromises()
    expect(q('[data-testid="statistics-filter"]')!.textContent).toContain('统计期间不能超过十年')
    expect(q('[data-testid="statistics-totals"]')).toBeNull()
  })

  it('exports the report on the screen as .xlsx', async () => {
    const names: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download)
    })
    URL.createObjectURL = vi.fn(() => 'blob:report')
    URL.revokeObjectURL = vi.fn()
    await open()
    q<HTMLButtonElement>('[data-testid="statistics-export"]')!.click()
    await flushPromises()
    expect(calls.at(-1)).toBe('/api/v1/reports/summary?from=2025-01-01&to=2025-12-31&category_level=1&format=xlsx')
    expect(names).toEqual(['统计报表.xlsx'])
  })

  it('copies the summary text', async () => {
    const writeText = vi.fn(async () => undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    await open()
    q<HTMLButtonElement>('[data-testid="statistics-copy"]')!.click()
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith('全年共受理群众来信来访236批1024人次，同比下降9.2%。\n其中来信100批120人次。')
  })
})
