import type { RouteRecordRaw } from 'vue-router'
import { markRaw } from 'vue'
import { Collection } from '@element-plus/icons-vue'

export default [
  {
    path: '/admin/categories',
    name: 'admin-categories',
    component: () => import('@/views/admin-categories/AdminCategoriesView.vue'),
    meta: {
      title: 'layout.menu.adminCategories',
      roles: ['admin'],
      menu: { order: 93, icon: markRaw(Collection), group: 'admin' },
    },
  },
] satisfies RouteRecordRaw[]
