// The day's list against a stubbed server: bookings under their slots (empty slots kept), the status labels,
// 登记来访 only on a booked one → /register?booking=…&day=…, a registered one with its case number linking to the
// case, and the message for a day the user may not see.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, nextTick } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { i18n } from '@/i18n'
import { resetReference } from '@/stores/reference'
import type { DayBookings, ReceptionBooking } from '@/api/reception'
import ReceptionDayView from './ReceptionDayView.vue'

vi.mock('@/stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/stores/session')>()),
  hasRole: (...roles: string[]) => roles.includes('registrar'),
}))

const Stub = defineComponent({ setup: () => () => h('div') })

function booking(id: number, slot: string, extra: Partial<ReceptionBooking> = {}): ReceptionBooking {
  return {
    id,
    slot,
    confirmation_code: `AB${id}D-EFGH`,
    name: `群众${id}`,
    phone: '138****1234',
    region_code: '991021001',
    region_name: '城关镇',
    summary: `反映事项${id}`,
    status: 'booked',
    status_label: '已预约',
    petition_id: null,
    petition_number: null,
    ...extra,
  }
}

const DATA: DayBookings = {
  day: {
    id: 5,
    org_code: 'qs-xfj',
    org_name: '青山县信访局',
    date: '2026-12-05',
    start: '09:00',
    end: '10:30',
    slot_minutes: 30,
    per_slot: 2,
    place: '县信访局一楼接待大厅',
    leader_name: '王明',
    leader_title: '副县长',
    topics: '征地拆迁',
    published: true,
    cancelled: false,
    version: 3,
    booked: 2,
    capacity: 6,
  },
  items: [
    booking(1, '09:00'),
    booking(2, '09:00', { status: 'registered', status_label: '已登记', petition_id: 44, petition_number: '991021-2026-000044' }),
    booking(3, '10:00', { status: 'cancelled', status_label: '已取消' }),
  ],
}

let wrapper: VueWrapper | null = null
let router: Router
let respond: (url: string) => Response

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}
const q = <T extends Element = HTMLElement>(sel: string) => document.body.querySelector<T>(sel)

async function open() {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/reception', name: 'reception', component: Stub },
      { path: '/reception/:id', name: 'reception-day', component: Stub },
      { path: '/register', name: 'register', component: Stub },
      { path: '/petitions/:id', name: 'petition-detail', component: Stub },
    ],
  })
  await router.push('/reception/5')
  await router.isReady()
  wrapper = mount(ReceptionDayView, { props: { id: '5' }, global: { plugins: [i18n, router] }, attachTo: document.body })
  await flushPromises()
  await nextTick()
}

beforeEach(() => {
  resetReference()
  respond = (url) => {
    if (url === '/api/v1/reception-days/5/bookings') return json(200, DATA)
    if (url.startsWith('/api/v1/orgs')) return json(200, { items: [] })
    return json(404, { status: 404, code: 'not_found', detail: '不存在' })
  }
  vi.stubGlobal('fetch', vi.fn(async (url: string) => respond(url)))
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
  document.body.className = ''
  vi.unstubAllGlobals()
})

describe('ReceptionDayView', () => {
  it('lists the bookings under their slots, empty slots included', async () => {
    await open()
    const sheet = q('[data-testid="reception-day-sheet"]')!.textContent!
    expect(sheet).toContain('青山县信访局领导接访日登记表')
    expect(sheet).toContain('2026-12-05（星期六）09:00–10:30')
    expect(sheet).toContain('王明 副县长')
    const slots = [...document.body.querySelectorAll('[data-testid^="reception-slot-"]')].map((e) => e.getAttribute('data-testid'))
    expect(slots).toEqual(['reception-slot-09:00', 'reception-slot-09:30', 'reception-slot-10:00'])
    expect(q('[data-testid="reception-slot-09:30"]')!.textContent).toContain('（无预约）')
    expect(q('[data-testid="reception-slot-09:00"]')!.querySelectorAll('tr')).toHaveLength(2)
    expect(q('[data-testid="booking-1-status"]')!.textContent).toBe('已预约')
    expect(q('[data-testid="booking-2-status"]')!.textContent).toBe('已登记')
    expect(q('[data-testid="booking-3-status"]')!.textContent).toBe('已取消')
    expect(q('[data-testid="booking-row-1"]')!.textContent).toContain('138****1234')
  })

  it('offers 登记来访 only on a booked one, and opens the form for it', async () => {
    await open()
    expect(q('[data-testid="booking-2-register"]')).toBeNull()
    expect(q('[data-testid="booking-3-register"]')).toBeNull()
    q('[data-testid="booking-1-register"]')!.click()
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('register')
    expect(router.currentRoute.value.query).toEqual({ booking: '1', day: '5' })
  })

  it('shows a registered booking with its case number linking to the case', async () => {
    await open()
    const link = q<HTMLAnchorElement>('[data-testid="booking-2-case"]')!
    expect(link.textContent).toBe('991021-2026-000044')
    expect(link.getAttribute('href')).toBe('/petitions/44')
  })

  it('sets the print class while shown', async () => {
    await open()
    expect(document.body.classList.contains('xf-print-day-list')).toBe(true)
    wrapper!.unmount()
    wrapper = null
    expect(document.body.classList.contains('xf-print-day-list')).toBe(false)
  })

  it('says so when the day cannot be seen', async () => {
    respond = () => json(404, { status: 404, code: 'not_found', detail: '不存在' })
    await open()
    expect(q('[data-testid="reception-day-error"]')!.textContent).toContain('接访日不存在或无权查看')
    expect(q('[data-testid="reception-bookings"]')).toBeNull()
  })
})
