import type { RouteRecordRaw } from 'vue-router'
import { markRaw } from 'vue'
import { TrendCharts } from '@element-plus/icons-vue'

export default [
  {
    path: '/statistics',
    name: 'statistics',
    component: () => import('@/views/statistics/StatisticsView.vue'),
    meta: {
      title: 'statistics.title',
      roles: ['statistician', 'admin', 'supervisor', 'approver'],
      menu: { order: 55, icon: markRaw(TrendCharts) },
    },
  },
] satisfies RouteRecordRaw[]
