import type { RouteRecordRaw } from 'vue-router'
import { markRaw } from 'vue'
import { User } from '@element-plus/icons-vue'

export default [
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('@/views/admin-users/AdminUsersView.vue'),
    meta: {
      title: 'layout.menu.adminUsers',
      roles: ['admin'],
      menu: { order: 92, icon: markRaw(User), group: 'admin' },
    },
  },
] satisfies RouteRecordRaw[]
