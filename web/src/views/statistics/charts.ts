// ECharts options of the statistics page (pure: labels come in as arguments). Lines are told apart by symbol and
// dash as well as colour; every chart has a table of the same figures on the page.
import type { ChartOption } from '@/charts/echarts'
import type { MonthFigure } from '@/api/reports'
import type { FigureRow, IndicatorRow } from './rows'

export const BLUE = '#1f5fbf'
export const AMBER = '#d48806'
export const GREY = '#8c8c8c'
export const PALETTE = ['#1f5fbf', '#d48806', '#389e0d', '#722ed1', '#c41d7f', '#08979c', '#a8071a', '#595959', '#7cb305', '#d46b08', '#2f54eb']
const TEXT = '#434343'
const GRID = { left: 8, right: 24, top: 40, bottom: 8, containLabel: true }

export interface SeriesNames {
  current: string
  previous: string
}

/**
 * 按月趋势: this period's months against the same months a year earlier (aligned by position), 批次 solid and
 * 人次 (hidden at first; the legend shows it) dashed.
 */
export function trendOption(
  months: readonly MonthFigure[],
  previous: readonly MonthFigure[] | null | undefined,
  axis: (month: string) => string,
  names: { batches: SeriesNames; persons: SeriesNames },
): ChartOption {
  const prev = previous ?? []
  const series: NonNullable<ChartOption['series']> = [
    { name: names.batches.current, type: 'line', data: months.map((m) => m.batches), symbol: 'circle', symbolSize: 7, color: BLUE },
  ]
  if (previous)
    series.push({
      name: names.batches.previous,
      type: 'line',
      data: months.map((_, i) => prev[i]?.batches ?? null),
      symbol: 'triangle',
      symbolSize: 8,
      color: GREY,
      lineStyle: { type: 'dashed' },
    })
  series.push({ name: names.persons.current, type: 'line', data: months.map((m) => m.persons), symbol: 'rect', symbolSize: 7, color: AMBER })
  if (previous)
    series.push({
      name: names.persons.previous,
      type: 'line',
      data: months.map((_, i) => prev[i]?.persons ?? null),
      symbol: 'diamond',
      symbolSize: 8,
      color: '#ad8b00',
      lineStyle: { type: 'dotted' },
    })
  return {
    tooltip: { trigger: 'axis' },
    legend: {
      top: 0,
      selected: { [names.persons.current]: false, [names.persons.previous]: false },
    },
    grid: GRID,
    xAxis: { type: 'category', boundaryGap: false, data: months.map((m) => axis(m.month)), axisLabel: { color: TEXT } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: TEXT } },
    series,
  }
}

/** 信访形式构成 by 人次 (the 占比 of the table), zero rows left out. */
export function pieOption(rows: readonly FigureRow[], seriesName: string): ChartOption {
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', formatter: `{b}<br/>${seriesName} {c}（{d}%）` },
    series: [
      {
        name: seriesName,
        type: 'pie',
        radius: ['36%', '64%'],
        center: ['50%', '52%'],
        avoidLabelOverlap: true,
        percentPrecision: 1,
        label: { formatter: '{b}\n{d}%', color: '#262626' },
        data: rows.filter((r) => r.persons > 0).map((r) => ({ name: r.name, value: r.persons })),
      },
    ],
  }
}

/** The `max` largest rows by 批次 (ties by code), for a bar chart. */
export function topByBatches(rows: readonly FigureRow[], max: number): FigureRow[] {
  return [...rows]
    .filter((r) => r.batches > 0 || r.persons > 0)
    .sort((a, b) => b.batches - a.batches || a.key.localeCompare(b.key))
    .slice(0, max)
}

/** Horizontal bars (long Chinese names stay readable), the largest on top: 批次 and 人次. */
export function barOption(rows: readonly FigureRow[], names: { batches: string; persons: string }): ChartOption {
  return {
    color: [BLUE, AMBER],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [names.batches, names.persons] },
    grid: GRID,
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisLabel: { color: TEXT, width: 110, overflow: 'truncate' },
    },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: TEXT } },
    series: [
      { name: names.batches, type: 'bar', data: rows.map((r) => r.batches), barMaxWidth: 12 },
      { name: names.persons, type: 'bar', data: rows.map((r) => r.persons), barMaxWidth: 12 },
    ],
  }
}

/** One gauge per indicator, three to a row; a missing rate shows `—` on an empty dial. */
export function gaugeOption(rows: readonly IndicatorRow[], label: (r: IndicatorRow) => string, perRow = 3): ChartOption {
  const lines = Math.max(1, Math.ceil(rows.length / perRow))
  return {
    series: rows.map((r, i) => {
      const col = i % perRow
      const line = Math.floor(i / perRow)
      return {
        type: 'gauge' as const,
        name: label(r),
        center: [`${((col + 0.5) * 100) / perRow}%`, `${((line + 0.5) * 100) / lines - 2}%`],
        radius: `${Math.min(100 / perRow, 100 / lines) * 0.78}%`,
        startAngle: 210,
        endAngle: -30,
        min: 0,
        max: 100,
        progress: { show: true, width: 10, itemStyle: { color: BLUE } },
        axisLine: { lineStyle: { width: 10, color: [[1, '#e8edf5']] } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        anchor: { show: false },
        title: { offsetCenter: [0, '78%'], fontSize: 13, color: '#262626' },
        detail: {
          offsetCenter: [0, '5%'],
          fontSize: 18,
          fontWeight: 700,
          color: '#262626',
          valueAnimation: false,
          formatter: r.rate === null ? '—' : `${r.rate.toFixed(1)}%`,
        },
        data: [{ value: r.rate ?? 0, name: label(r) }],
      }
    }),
  }
}
