import type { RouteRecordRaw } from 'vue-router'
import { markRaw } from 'vue'
import { Bell } from '@element-plus/icons-vue'

export default [
  {
    path: '/supervision',
    name: 'supervision',
    component: () => import('@/views/supervision/SupervisionView.vue'),
    meta: { title: 'layout.menu.supervision', roles: ['supervisor'], menu: { order: 40, icon: markRaw(Bell) } },
  },
] satisfies RouteRecordRaw[]
