import type { RouteRecordRaw } from 'vue-router'
import { markRaw } from 'vue'
import { Document } from '@element-plus/icons-vue'

// Loaded on demand (its own chunk): the editor is for administrators only.
export default [
  {
    path: '/admin/document-templates',
    name: 'admin-document-templates',
    component: () => import('@/views/admin-document-templates/AdminDocumentTemplatesView.vue'),
    meta: {
      title: 'layout.menu.adminDocumentTemplates',
      roles: ['admin'],
      menu: { order: 95, icon: markRaw(Document), group: 'admin' },
    },
  },
] satisfies RouteRecordRaw[]
