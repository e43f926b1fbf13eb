// The 新增/编辑接访日 dialog against a stubbed server: PATCH with If-Match and only the changed fields, a client-side
// time error beside its field (nothing sent), a server 400 `field` beside that field, 409 aborted → `conflict`.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'
import { i18n } from '@/i18n'
import { setCsrfToken } from '@/api/client'
import type { ReceptionDay } from '@/api/reception'
import ReceptionDayDialog from './ReceptionDayDialog.vue'

const DAY: ReceptionDay = {
  id: 5,
  org_code: 'qs-xfj',
  org_name: '青山县信访局',
  date: '2026-12-05',
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
  booked: 2,
  capacity: 12,
}

let wrapper: VueWrapper | null = null
let fetchMock: ReturnType<typeof vi.fn>

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const q = <T extends Element = HTMLElement>(sel: string) => document.body.querySelector<T>(sel)

async function open(day: ReceptionDay | null) {
  wrapper = mount(ReceptionDayDialog, {
    props: { target: { day }, orgs: [], defaultOrgCode: 'qs-xfj' },
    global: { plugins: [i18n], stubs: { transition: false, 'transition-group': false } },
    attachTo: document.body,
  })
  await flushPromises()
  await nextTick()
}

async function type(sel: string, value: string) {
  const found = q(sel)!
  const el = (found.matches('input, textarea') ? found : found.querySelector('input, textarea')) as HTMLInputElement
  el.value = value
  el.dispatchEvent(new Event('input'))
  el.dispatchEvent(new Event('change'))
  el.dispatchEvent(new Event('blur'))
  await nextTick()
}

async function save() {
  q('[data-testid="reception-day-save"]')!.click()
  await flushPromises()
  // ElFormItem shows its message after a short debounce.
  await new Promise((r) => setTimeout(r, 150))
  await nextTick()
}

function itemError(sel: string): string {
  return q(sel.startsWith('#') ? sel : `[data-testid="${sel}"]`)!.closest('.el-form-item')!.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
}

beforeEach(() => {
  setCsrfToken('csrf-1')
  fetchMock = vi.fn(async () => json(200, { ...DAY, version: 4, start: '09:30' }))
  vi.stubGlobal('fetch', fetchMock)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
})

describe('ReceptionDayDialog', () => {
  it('shows the slots the day offers', async () => {
    await open(DAY)
    expect(q('[data-testid="reception-slots-preview"]')!.textContent).toContain('共 6 个时段（09:00–11:30），每时段 2 人，名额共 12 人')
    expect(q('[data-testid="reception-day-dialog"]')!.textContent).toContain('已有 2 位群众预约')
  })

  it('sends only the changed fields with If-Match, the time as HH:MM', async () => {
    await open(DAY)
    await type('[data-testid="reception-field-start"]', '9:30')
    await save()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/reception-days/5')
    expect(init.method).toBe('PATCH')
    expect(init.headers['If-Match']).toBe('"3"')
    expect(JSON.parse(init.body)).toEqual({ start: '09:30' })
    expect(wrapper!.emitted('saved')?.[0]?.[0]).toMatchObject({ version: 4 })
  })

  it('refuses an end before the start beside the end field, sending nothing', async () => {
    await open(DAY)
    await type('[data-testid="reception-field-end"]', '08:00')
    await save()
    expect(fetchMock).not.toHaveBeenCalled()
    expect(itemError('reception-field-end')).toBe('结束时间应晚于开始时间')
  })

  it('shows a server 400 beside the field it names', async () => {
    fetchMock.mockResolvedValueOnce(
      json(400, { status: 400, code: 'invalid_argument', field: 'place', title: '参数错误', detail: '接访地点不能超过100字' }),
    )
    await open(DAY)
    await type('[data-testid="reception-field-place"]', '新的地点')
    await save()
    expect(itemError('reception-field-place')).toBe('接访地点不能超过100字')
    expect(wrapper!.emitted('saved')).toBeUndefined()
  })

  it('reports a version conflict so the list reloads', async () => {
    fetchMock.mockResolvedValueOnce(json(409, { status: 409, code: 'aborted', title: '冲突', detail: '已被他人修改' }))
    await open(DAY)
    await type('[data-testid="reception-field-leader-name"]', '李强')
    await save()
    expect(wrapper!.emitted('conflict')).toHaveLength(1)
  })

  it('asks for the date, place and leader of a new day before sending', async () => {
    await open(null)
    await save()
    expect(fetchMock).not.toHaveBeenCalled()
    expect(itemError('#xf-rd-date')).toBe('请填写接访日期')
    expect(itemError('reception-field-place')).toBe('请填写接访地点')
    expect(itemError('reception-field-leader-name')).toBe('请填写接访领导')
  })
})
