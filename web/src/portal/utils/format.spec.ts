import { describe, expect, it } from 'vitest'
import { i18n } from '../i18n'
import zhCN from '../i18n/zh-CN'
import en from '../i18n/en'
import {
  dateWithWeekday,
  daysBetween,
  deadlineText,
  formatInstant,
  timelineItems,
  todayInChina,
  waitText,
  windowState,
  type Translate,
} from './format'

function translator(locale: 'zh-CN' | 'en'): Translate {
  const g = i18n.global as unknown as { t: (k: string, p?: unknown, o?: unknown) => string }
  return (key, params) => g.t(key, params ?? {}, { locale })
}
const zh = translator('zh-CN')
const eng = translator('en')

describe('dates', () => {
  it('counts days across months and years', () => {
    expect(daysBetween('2026-12-18', '2026-12-30')).toBe(12)
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3)
    expect(daysBetween('2027-03-01', '2027-02-27')).toBe(-2)
  })

  it('takes today in Beijing time, not the phone’s zone', () => {
    expect(todayInChina(new Date('2026-12-17T15:59:59Z'))).toBe('2026-12-17')
    expect(todayInChina(new Date('2026-12-17T16:00:00Z'))).toBe('2026-12-18')
  })

  it('shows instants as sent, in Beijing time', () => {
    expect(formatInstant('2026-12-02T16:20:53+08:00')).toBe('2026-12-02 16:20')
    expect(formatInstant('2026-12-02')).toBe('2026-12-02')
    expect(formatInstant(null)).toBe('')
  })

  it('writes a weekday beside a date', () => {
    expect(dateWithWeekday(zh, '2026-12-10')).toBe('2026-12-10（星期四）')
    expect(dateWithWeekday(zh, '2027-01-03')).toBe('2027-01-03（星期日）')
    expect(dateWithWeekday(eng, '2026-12-14')).toBe('2026-12-14 (Mon)')
  })
})

describe('deadlineText', () => {
  it('says how many days are left, as the server counted them', () => {
    expect(deadlineText(zh, '2026-12-30', 12)).toBe('2026-12-30，剩余 12 天')
    expect(deadlineText(eng, '2026-12-30', 12)).toBe('2026-12-30, 12 days left')
  })

  it('says due today and overdue', () => {
    expect(deadlineText(zh, '2026-12-30', 0)).toBe('2026-12-30，今天到期')
    expect(deadlineText(zh, '2026-12-30', -3)).toBe('2026-12-30，已超过 3 天')
  })

  it('counts from today when the server sent no count', () => {
    expect(deadlineText(zh, '2026-12-30', null, '2026-12-18')).toBe('2026-12-30，剩余 12 天')
  })
})

describe('windowState', () => {
  it('is open through the last day and closed after it', () => {
    expect(windowState('2026-12-31', '2026-12-31')).toBe('open')
    expect(windowState('2026-12-31', '2027-01-01')).toBe('closed')
    expect(windowState(null, '2027-01-01')).toBe('none')
  })
})

describe('waitText', () => {
  it('turns Retry-After seconds into words', () => {
    expect(waitText(zh, 900)).toBe('15 分钟')
    expect(waitText(zh, 61)).toBe('2 分钟')
    expect(waitText(zh, 40)).toBe('40 秒')
    expect(waitText(eng, null)).toBe('a while')
  })
})

describe('timelineItems', () => {
  const steps = [
    { at: '2026-11-03T09:30:00+08:00', number: '991021-2026-000001', action: 'forward', text: '转送青山县人社局' },
    { at: '2026-11-01T08:00:00+08:00', number: '991021-2026-000001', action: 'register', text: '网上信访已登记' },
    { at: '2026-12-20T10:00:00+08:00', number: '9910-2026-000007', action: 'request_review', text: '申请复查，安平市信访局已收到' },
    { at: '2026-11-03T09:30:00+08:00', number: '991021-2026-000001', action: 'accept', text: '已受理' },
  ]

  it('puts the steps oldest first, keeps the order of steps at the same instant, marks the newest', () => {
    const items = timelineItems(steps, '991021-2026-000001')
    expect(items.map((i) => i.text)).toEqual(['网上信访已登记', '转送青山县人社局', '已受理', '申请复查，安平市信访局已收到'])
    expect(items.map((i) => [i.date, i.time])).toEqual([
      ['2026-11-01', '08:00'],
      ['2026-11-03', '09:30'],
      ['2026-11-03', '09:30'],
      ['2026-12-20', '10:00'],
    ])
    expect(items.map((i) => i.latest)).toEqual([false, false, false, true])
  })

  it('names the case only for steps of another case of the chain', () => {
    const items = timelineItems(steps, '991021-2026-000001')
    expect(items.map((i) => i.number)).toEqual([null, null, null, '9910-2026-000007'])
  })

  it('is empty without steps', () => {
    expect(timelineItems([], 'x')).toEqual([])
  })
})

describe('messages', () => {
  function keys(o: Record<string, unknown>, prefix = ''): string[] {
    return Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
    )
  }

  it('has the same keys in Chinese and English', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  it('compiles every message in both languages', () => {
    for (const key of keys(zhCN)) {
      expect(zh(key), key).not.toBe(key)
      expect(eng(key), key).not.toBe(key)
    }
  })
})
