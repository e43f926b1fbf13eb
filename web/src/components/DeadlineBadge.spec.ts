import { describe, expect, it, afterEach } from 'vitest'
import { mount } from '@vue/test-utils'
import DeadlineBadge from './DeadlineBadge.vue'
import { i18n, setLocale } from '@/i18n'

function render(props: { remainingDays: number | null; due?: string; paused?: boolean }) {
  return mount(DeadlineBadge, { props, global: { plugins: [i18n] } })
}

afterEach(() => setLocale('zh-CN'))

describe('DeadlineBadge', () => {
  it('shows days left with a calendar icon and green outline', () => {
    const w = render({ remainingDays: 12, due: '2026-12-07' })
    expect(w.text()).toBe('剩余 12 天')
    expect(w.attributes('data-level')).toBe('ok')
    expect(w.classes()).toContain('xf-deadline--ok')
    expect(w.find('svg.xf-deadline__icon').exists()).toBe(true)
    expect(w.attributes('aria-label')).toBe('期限 2026-12-07，剩余 12 天')
  })

  it('shows amber with a clock when due within three days', () => {
    const w = render({ remainingDays: 3, due: '2026-11-25' })
    expect(w.text()).toBe('剩余 3 天')
    expect(w.attributes('data-level')).toBe('soon')
    expect(w.classes()).toContain('xf-deadline--soon')
    expect(w.find('svg').exists()).toBe(true)
  })

  it('shows 今日到期 on the due date', () => {
    const w = render({ remainingDays: 0, due: '2026-11-22' })
    expect(w.text()).toBe('今日到期')
    expect(w.attributes('data-level')).toBe('today')
    expect(w.attributes('aria-label')).toBe('期限 2026-11-22，今日到期')
  })

  it('shows 超期 N 天 in dark red with a warning icon', () => {
    const w = render({ remainingDays: -5, due: '2026-11-17' })
    expect(w.text()).toBe('超期 5 天')
    expect(w.attributes('data-level')).toBe('overdue')
    expect(w.classes()).toContain('xf-deadline--overdue')
    expect(w.find('svg').exists()).toBe(true)
    expect(w.attributes('aria-label')).toBe('期限 2026-11-17，超期 5 天')
  })

  it('uses a different icon for each level', () => {
    const paths = [12, 2, 0, -1].map((n) => render({ remainingDays: n, due: '2026-11-22' }).find('svg').html())
    expect(new Set(paths).size).toBe(4)
  })

  it('shows 已暂停 when the clock is paused, whatever the days', () => {
    const w = render({ remainingDays: -3, due: '2026-11-19', paused: true })
    expect(w.text()).toBe('已暂停')
    expect(w.attributes('data-level')).toBe('paused')
    expect(w.find('svg').exists()).toBe(true)
  })

  it('shows no deadline for null', () => {
    const w = render({ remainingDays: null })
    expect(w.attributes('data-level')).toBe('none')
    expect(w.text()).toBe('无期限')
  })

  it('speaks English with plurals', async () => {
    setLocale('en')
    expect(render({ remainingDays: 1, due: '2026-11-23' }).text()).toBe('1 day left')
    expect(render({ remainingDays: 4, due: '2026-11-26' }).text()).toBe('4 days left')
    expect(render({ remainingDays: 0, due: '2026-11-22' }).text()).toBe('due today')
    expect(render({ remainingDays: -2, due: '2026-11-20' }).text()).toBe('2 days overdue')
    expect(render({ remainingDays: -1, due: '2026-11-21' }).text()).toBe('1 day overdue')
    const w = render({ remainingDays: -2, due: '2026-11-20' })
    expect(w.attributes('aria-label')).toBe('Deadline 2026-11-20, 2 days overdue')
    expect(render({ remainingDays: 5, paused: true }).text()).toBe('paused')
  })
})
