import { describe, expect, it } from 'vitest'
import { t } from '@/i18n'
import {
  changeOf,
  formatCount,
  formatPct,
  fraction,
  monthLabel,
  paragraphs,
  percentOf,
  pointsDisplay,
  trendOf,
  yoyDisplay,
} from './format'

const tr = (key: string, values?: Record<string, unknown>) => t(key, values)

describe('percentages', () => {
  it('shows the API percent with one decimal, a dash without one', () => {
    expect(formatPct(59.8)).toBe('59.8%')
    expect(formatPct(100)).toBe('100.0%')
    expect(formatPct(0)).toBe('0.0%')
    expect(formatPct(null)).toBe('—')
    expect(formatPct(undefined)).toBe('—')
    expect(formatPct(Number.NaN)).toBe('—')
  })

  it('computes from exact counts, rounding half away from zero like the server', () => {
    expect(percentOf(612, 1024)).toBe(59.8)
    expect(percentOf(1, 8)).toBe(12.5)
    expect(percentOf(2, 3)).toBe(66.7)
    expect(percentOf(1853, 2000)).toBe(92.7) // 92.65
    expect(percentOf(-169, 2000)).toBe(-8.5) // −8.45
    expect(percentOf(1, 0)).toBeNull()
  })

  it('gives 同比 from last year, none without a previous figure', () => {
    expect(changeOf(236, 258)).toBe(-8.5)
    expect(changeOf(120, 100)).toBe(20)
    expect(changeOf(100, 100)).toBe(0)
    expect(changeOf(5, 0)).toBeNull()
    expect(changeOf(5, null)).toBeNull()
  })

  it('writes counts and fractions', () => {
    expect(formatCount(1024)).toBe('1,024')
    expect(formatCount(null)).toBe('—')
    expect(fraction(118, 120)).toBe('118/120')
    expect(fraction(0, 0)).toBe('0/0')
    expect(fraction(null, 3)).toBe('—')
  })
})

describe('同比 and 百分点 display', () => {
  it('names the direction of a change', () => {
    expect(trendOf(-8.5)).toBe('down')
    expect(trendOf(3)).toBe('up')
    expect(trendOf(0)).toBe('flat')
    expect(trendOf(null)).toBe('none')
  })

  it('writes 同比 as the server does', () => {
    expect(yoyDisplay(-8.5, tr)).toEqual({ trend: 'down', text: '同比下降8.5%' })
    expect(yoyDisplay(12, tr)).toEqual({ trend: 'up', text: '同比上升12.0%' })
    expect(yoyDisplay(0, tr)).toEqual({ trend: 'flat', text: '同比持平' })
    expect(yoyDisplay(null, tr)).toEqual({ trend: 'none', text: '上年同期无数据' })
  })

  it('writes the change of a rate in 百分点', () => {
    expect(pointsDisplay(1.2, tr)).toEqual({ trend: 'up', text: '上升1.2个百分点' })
    expect(pointsDisplay(-0.5, tr)).toEqual({ trend: 'down', text: '下降0.5个百分点' })
    expect(pointsDisplay(0, tr)).toEqual({ trend: 'flat', text: '持平' })
    expect(pointsDisplay(null, tr).trend).toBe('none')
  })

  it('labels months and splits the summary text into paragraphs', () => {
    expect(monthLabel('2025-03', 'zh-CN')).toBe('3月')
    expect(monthLabel('2025-12', 'en')).toBe('Dec')
    expect(paragraphs('第一段。\n\n 第二段。\r\n')).toEqual(['第一段。', '第二段。'])
    expect(paragraphs(null)).toEqual([])
  })
})
