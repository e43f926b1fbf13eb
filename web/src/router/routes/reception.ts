import type { RouteRecordRaw } from 'vue-router'
import { markRaw } from 'vue'
import { Calendar } from '@element-plus/icons-vue'

// 领导接访日: the org's reception days (新增 / 编辑 / 发布 / 取消) and, per day, the bookings by slot with 登记来访
// (→ /register?booking=…&day=…, the form prefilled from the booking). The day list renames its tab to the date.
const roles = ['registrar', 'handler', 'approver'] as const

export default [
  {
    path: '/reception',
    name: 'reception',
    component: () => import('@/views/reception/ReceptionView.vue'),
    meta: { title: 'layout.menu.reception', roles: [...roles], menu: { order: 25, icon: markRaw(Calendar) } },
  },
  {
    path: '/reception/:id(\\d+)',
    name: 'reception-day',
    component: () => import('@/views/reception/ReceptionDayView.vue'),
    props: true,
    meta: { title: 'layout.menu.receptionDay', roles: [...roles] },
  },
] satisfies RouteRecordRaw[]
