import type { RouteRecordRaw } from 'vue-router'
import { markRaw } from 'vue'
import { OfficeBuilding } from '@element-plus/icons-vue'

export default [
  {
    path: '/admin/orgs',
    name: 'admin-orgs',
    component: () => import('@/views/admin-orgs/AdminOrgsView.vue'),
    meta: {
      title: 'layout.menu.adminOrgs',
      roles: ['admin'],
      menu: { order: 91, icon: markRaw(OfficeBuilding), group: 'admin' },
    },
  },
] satisfies RouteRecordRaw[]
