// The 领导接访日 list against a stubbed server: the dates asked for, the columns (已约/名额, 状态), and 取消 with a
// confirmation that says the booked citizens will be told by SMS, then PATCH {cancelled: true} with If-Match.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, nextTick } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { i18n } from '@/i18n'
import { setCsrfToken } from '@/api/client'
import type { ReceptionDay } from '@/api/reception'
import { resetReference } from '@/stores/reference'
import ReceptionView from './ReceptionView.vue'

vi.mock('@/stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/stores/session')>()),
  hasRole: (...roles: string[]) => roles.includes('registrar'),
}))

const Stub = defineComponent({ setup: () => () => h('div') })

function day(id: number, extra: Partial<ReceptionDay> = {}): ReceptionDay {
  return {
    id,
    org_code: 'qs-xfj',
    org_name: '青山县信访局',
    date: '2025-06-20',
    start: '09:00',
    end: '12:00',
    slot_minutes: 30,
    per_slot: 2,
    place: '县信访局一楼接待大厅',
    leader_name: '王明',
    leader_title: '副县长',
    topics: '征地拆迁',
    published: true,
    cancelled: false,
    version: 3,
    booked: 3,
    capacity: 12,
    ...extra,
  }
}

let wrapper: VueWrapper | null = null
let router: Router
let calls: { url: string; init?: RequestInit }[] = []
const listCalls = () => calls.filter((c) => c.url.startsWith('/api/v1/reception-days?')).map((c) => c.url)

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}
const q = <T extends Element = HTMLElement>(sel: string) => document.body.querySelector<T>(sel)

async function open(path = '/reception') {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/reception', name: 'reception', component: Stub },
      { path: '/reception/:id', name: 'reception-day', component: Stub },
    ],
  })
  await router.push(path)
  await router.isReady()
  wrapper = mount(ReceptionView, {
    global: { plugins: [i18n, router], stubs: { transition: false, 'transition-group': false } },
    attachTo: document.body,
  })
  await flushPromises()
  await nextTick()
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2025-06-15T04:00:00Z'))
  setCsrfToken('tok')
  resetReference()
  calls = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, init })
      if (url.startsWith('/api/v1/reception-days?'))
        return json(200, { items: [day(5), day(6, { date: '2025-06-27', published: false, booked: 0 }), day(7, { cancelled: true })] })
      if (url === '/api/v1/reception-days/5') return json(200, day(5, { cancelled: true, version: 4 }))
      return json(200, { items: [] })
    }),
  )
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
  vi.useRealTimers()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('ReceptionView', () => {
  it('asks for the next three months and shows each day with its bookings and status', async () => {
    await open()
    expect(listCalls()).toEqual(['/api/v1/reception-days?from=2025-06-15&to=2025-09-12'])
    expect(q('[data-testid="reception-day-5-booked"]')!.textContent).toBe('3/12')
    expect(q('[data-testid="reception-day-5-status"]')!.textContent).toBe('已发布')
    expect(q('[data-testid="reception-day-6-status"]')!.textContent).toBe('未发布')
    expect(q('[data-testid="reception-day-7-status"]')!.textContent).toBe('已取消')
    // 发布 only on a draft; no editing of a cancelled day.
    expect(q('[data-testid="reception-day-6-publish"]')).not.toBeNull()
    expect(q('[data-testid="reception-day-5-publish"]')).toBeNull()
    expect(q('[data-testid="reception-day-7-edit"]')).toBeNull()
    expect(q('[data-testid="reception-days"]')!.textContent).toContain('星期五')
  })

  it('takes the dates from the URL', async () => {
    await open('/reception?from=2025-01-01&to=2025-03-31')
    expect(listCalls()).toEqual(['/api/v1/reception-days?from=2025-01-01&to=2025-03-31'])
  })

  it('cancels a day after saying the booked citizens will be told by SMS', async () => {
    await open()
    q('[data-testid="reception-day-5-cancel"]')!.click()
    await flushPromises()
    await nextTick()
    const box = q('.xf-reception-cancel')!
    expect(box.textContent).toContain('已预约、尚未接待的群众将收到短信通知（目前已约 3 人）')
    const confirm = [...box.querySelectorAll('button')].find((b) => b.textContent?.trim() === '取消接访')!
    confirm.click()
    await flushPromises()
    const patch = calls.find((c) => c.init?.method === 'PATCH')!
    expect(patch.url).toBe('/api/v1/reception-days/5')
    expect((patch.init!.headers as Record<string, string>)['If-Match']).toBe('"3"')
    expect(JSON.parse(String(patch.init!.body))).toEqual({ cancelled: true })
  })

  it('sends nothing when the cancellation is not confirmed', async () => {
    await open()
    q('[data-testid="reception-day-5-cancel"]')!.click()
    await flushPromises()
    await nextTick()
    const keep = [...q('.xf-reception-cancel')!.querySelectorAll('button')].find((b) => b.textContent?.trim() === '不取消')!
    keep.click()
    await flushPromises()
    expect(calls.some((c) => c.init?.method === 'PATCH')).toBe(false)
  })

  it('publishes a draft with If-Match', async () => {
    await open()
    q('[data-testid="reception-day-6-publish"]')!.click()
    await flushPromises()
    const patch = calls.find((c) => c.init?.method === 'PATCH')!
    expect(patch.url).toBe('/api/v1/reception-days/6')
    expect(JSON.parse(String(patch.init!.body))).toEqual({ published: true })
  })
})
