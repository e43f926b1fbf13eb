// A GET /reports/summary answer for the unit tests (the contract's shape, figures consistent with each other).
import type { ReportFigures, ReportSummary } from '@/api/reports'

const months = (year: number, batches: number[]) =>
  batches.map((b, i) => ({ month: `${year}-${String(i + 1).padStart(2, '0')}`, batches: b, persons: b * 4 }))

function figures(year: number, scale: number): ReportFigures {
  const s = (n: number) => Math.round(n * scale)
  return {
    period: { from: `${year}-01-01`, to: `${year}-12-31`, label: `${year}年`, as_of: `${year}-12-31` },
    totals: { batches: s(236), persons: s(1024), items: s(230) },
    by_channel: [
      { channel: '来信', code: 'letter', batches: s(100), persons: s(120), share: 11.7 },
      { channel: '来访', code: 'visit', batches: s(86), persons: s(804), share: 78.5 },
      { channel: '网上信访', code: 'online', batches: s(50), persons: s(100), share: 9.8 },
    ],
    by_form: {
      individual: { batches: s(65), persons: s(192) },
      collective: { batches: s(21), persons: s(612) },
      collective_share: 59.8,
    },
    by_category: [
      { code: '04', name: '城乡建设', batches: s(120), persons: s(600), share: 58.6 },
      { code: '07', name: '劳动社保', batches: s(116), persons: s(424), share: 41.4 },
    ],
    by_region: [
      { code: '991021', name: '青山县', batches: s(200), persons: s(900), share: 87.9 },
      { code: '991022', name: '绿水县', batches: s(36), persons: s(124), share: 12.1 },
    ],
    by_month: months(year, [20, 18, 22, 19, 21, 20, 18, 22, 19, 21, 20, 16].map(s)),
    initial: { batches: s(200), persons: s(800) },
    repeat: { batches: s(36), persons: s(224) },
    skipped_level: { batches: s(5), persons: s(30) },
    reviews: { review: s(12), re_review: s(3) },
    routes: [
      { route: '转送', code: 'forward', items: s(150) },
      { route: '直接受理', code: 'accept_directly', items: s(80) },
    ],
    outcomes: { done: s(200), not_due: s(25), overdue: s(5), resolved: s(180), total: s(230) },
    indicators: {
      timely_acceptance: { numerator: 118, denominator: 120, rate: 98.3, previous_rate: 97.1, change_points: 1.2 },
      on_time_completion: { numerator: 190, denominator: 200, rate: 95, previous_rate: 96, change_points: -1 },
      participation: { numerator: 150, denominator: 200, rate: 75, previous_rate: null, change_points: null },
      satisfaction: { numerator: 135, denominator: 150, rate: 90, previous_rate: 90, change_points: 0 },
      completion: { numerator: 200, denominator: 230, rate: 87, previous_rate: 85, change_points: 2 },
      resolution: { numerator: 0, denominator: 0, rate: null, previous_rate: null, change_points: null },
    },
  }
}

export function sampleReport(): ReportSummary {
  const cur = figures(2025, 1)
  const prev = figures(2024, 1.1)
  return {
    ...cur,
    org: { id: 11, code: '991021000000', name: '青山县信访局' },
    previous: prev,
    yoy: {
      batches: { current: 236, previous: 260, change: -9.2, direction: '下降', text: '同比下降9.2%' },
      persons: { current: 1024, previous: 1126, change: -9.1, direction: '下降', text: '同比下降9.1%' },
      items: { current: 230, previous: 253, change: -9.1, direction: '下降', text: '同比下降9.1%' },
    },
    text: '全年共受理群众来信来访236批1024人次，同比下降9.2%。\n其中来信100批120人次。\n',
  }
}
