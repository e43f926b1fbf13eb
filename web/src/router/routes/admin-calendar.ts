import type { RouteRecordRaw } from 'vue-router'
import { markRaw } from 'vue'
import { Calendar } from '@element-plus/icons-vue'

export default [
  {
    path: '/admin/calendar',
    name: 'admin-calendar',
    component: () => import('@/views/admin-calendar/AdminCalendarView.vue'),
    meta: {
      title: 'layout.menu.adminCalendar',
      roles: ['admin'],
      menu: { order: 94, icon: markRaw(Calendar), group: 'admin' },
    },
  },
] satisfies RouteRecordRaw[]
