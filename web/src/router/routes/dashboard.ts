import type { RouteRecordRaw } from 'vue-router'
import { markRaw } from 'vue'
import { DataAnalysis } from '@element-plus/icons-vue'

export default [
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('@/views/dashboard/DashboardView.vue'),
    meta: {
      title: 'layout.menu.dashboard',
      roles: ['statistician', 'admin', 'supervisor'],
      menu: { order: 50, icon: markRaw(DataAnalysis) },
    },
  },
] satisfies RouteRecordRaw[]
