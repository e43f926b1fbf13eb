// 登记来访 from a booking, against a stubbed server: /register?booking=17&day=5 fills the form from the booking and
// shows 信访人信息取自预约 instead of the person fields (with a switch to typing them by hand); the request carries
// booking_id and no petitioners; a booking already registered is refused with its case number.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, nextTick } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { i18n } from '@/i18n'
import { setCsrfToken } from '@/api/client'
import type { DayBookings } from '@/api/reception'
import { resetReference } from '@/stores/reference'
import { clearDraft } from './draft'
import type { RegisterForm } from './form'
import RegisterView from './RegisterView.vue'

const Stub = defineComponent({ setup: () => () => h('div') })

const SUMMARY = '村里征地补偿款至今未发放到户。请求县里督促镇政府尽快发放。'
function data(status = 'booked'): DayBookings {
  return {
    day: {
      id: 5,
      org_code: 'qs-xfj',
      org_name: '青山县信访局',
      date: '2026-12-05',
      start: '09:00',
      end: '12:00',
      slot_minutes: 30,
      per_slot: 2,
      place: '接待大厅',
      leader_name: '王明',
      leader_title: '副县长',
      topics: '',
      published: true,
      cancelled: false,
      version: 3,
      booked: 1,
      capacity: 12,
    },
    items: [
      {
        id: 17,
        slot: '09:30',
        confirmation_code: 'ABCD-EFGH',
        name: '张桂兰',
        phone: '138****1234',
        region_code: '991021002',
        region_name: '河口镇',
        summary: SUMMARY,
        status,
        status_label: '',
        petition_id: status === 'registered' ? 44 : null,
        petition_number: status === 'registered' ? '991021-2026-000044' : null,
      },
    ],
  }
}

let wrapper: VueWrapper | null = null
let router: Router
let bookingStatus = 'booked'
let posted: unknown[] = []

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}
const q = <T extends Element = HTMLElement>(sel: string) => document.body.querySelector<T>(sel)
const input = (testid: string) => {
  const el = q(`[data-testid="${testid}"]`)
  if (!el) return null
  return (el.matches('input, textarea') ? el : el.querySelector('input, textarea')) as HTMLInputElement | null
}

async function open(path = '/register?booking=17&day=5') {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/register', name: 'register', component: Stub },
      { path: '/reception/:id', name: 'reception-day', component: Stub },
      { path: '/petitions/:id', name: 'petition-detail', component: Stub },
    ],
  })
  await router.push(path)
  await router.isReady()
  wrapper = mount(RegisterView, {
    global: { plugins: [i18n, router], stubs: { transition: false, 'transition-group': false } },
    attachTo: document.body,
  })
  await flushPromises()
  await nextTick()
}

beforeEach(() => {
  setCsrfToken('tok')
  resetReference()
  clearDraft()
  bookingStatus = 'booked'
  posted = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/v1/reception-days/5/bookings') return json(200, data(bookingStatus))
      if (url === '/api/v1/petitions' && init?.method === 'POST') {
        posted.push(JSON.parse(String(init.body)))
        return json(201, { id: 44, number: '991021-2026-000044', query_code: 'Q1', secret: 'S1', version: 1 })
      }
      if (url.startsWith('/api/v1/petitions/repeat-candidates')) return json(200, { items: [] })
      return json(200, { items: [] })
    }),
  )
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
  setCsrfToken(null)
  clearDraft()
})

describe('登记来访 from a booking', () => {
  it('fills the form from the booking and takes the petitioner from it', async () => {
    await open()
    expect(q('[data-testid="register-booking"]')!.textContent).toContain('来自预约接访：2026-12-05 09:30，确认码 ABCD-EFGH')
    expect(q('[data-testid="register-booking"]')!.textContent).toContain('接访领导：王明 副县长')
    expect(q<HTMLInputElement>('[data-testid="channel-visit"] input')!.checked).toBe(true)
    expect(input('register-title')!.value).toBe('村里征地补偿款至今未发放到户')
    expect(input('register-content')!.value).toBe(SUMMARY)
    expect(q('[data-testid="register-booking-person"]')!.textContent).toContain('信访人信息取自预约（姓名 张桂兰，电话 138****1234）')
    expect(input('petitioner-name-0')).toBeNull()
    expect(q('[data-testid="register-anonymous"]')).toBeNull()
  })

  it('switches to typing the petitioner by hand, with the booked name, and back', async () => {
    await open()
    q('[data-testid="register-booking-manual"]')!.click()
    await nextTick()
    expect(input('petitioner-name-0')!.value).toBe('张桂兰')
    expect(q('[data-testid="register-booking-person"]')).toBeNull()
    q('[data-testid="register-booking-use"]')!.click()
    await nextTick()
    expect(input('petitioner-name-0')).toBeNull()
  })

  it('sends booking_id with no petitioners, and offers the way back to the day list', async () => {
    await open()
    ;(wrapper!.vm as unknown as { form: RegisterForm }).form.category_code = '0301'
    await nextTick()
    q('[data-testid="register-submit"]')!.click()
    await flushPromises()
    await nextTick()
    expect(posted).toHaveLength(1)
    expect(posted[0]).toMatchObject({
      booking_id: 17,
      channel: 'visit',
      category_code: '0301',
      region_code: '991021002',
      petitioners: [],
      anonymous: false,
    })
    expect(q('[data-testid="register-result-number"]')!.textContent).toBe('991021-2026-000044')
    expect(router.currentRoute.value.query).toEqual({})
    q('[data-testid="register-back"]')!.click()
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/reception/5')
  })

  it('refuses a booking already registered, naming its case', async () => {
    bookingStatus = 'registered'
    await open()
    expect(q('[data-testid="register-booking-notice"]')!.textContent).toContain('该预约已登记为信访件 991021-2026-000044')
    expect(q('[data-testid="register-booking"]')).toBeNull()
    expect(input('register-title')!.value).toBe('')
    expect(input('petitioner-name-0')).not.toBeNull()
    expect(router.currentRoute.value.query).toEqual({})
  })

  it('is an ordinary registration without the query', async () => {
    await open('/register')
    expect(q('[data-testid="register-booking"]')).toBeNull()
    expect(input('petitioner-name-0')).not.toBeNull()
    expect(q('[data-testid="register-back"]')).toBeNull()
  })
})
