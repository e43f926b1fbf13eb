import type { RouteRecordRaw } from 'vue-router'
import { markRaw } from 'vue'
import { Timer } from '@element-plus/icons-vue'

export default [
  {
    path: '/admin/jobs',
    name: 'admin-jobs',
    component: () => import('@/views/admin-jobs/AdminJobsView.vue'),
    meta: {
      title: 'layout.menu.adminJobs',
      roles: ['admin'],
      menu: { order: 96, icon: markRaw(Timer), group: 'admin' },
    },
  },
] satisfies RouteRecordRaw[]
