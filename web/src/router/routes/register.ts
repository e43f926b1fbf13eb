import type { RouteRecordRaw } from 'vue-router'
import { markRaw } from 'vue'
import { EditPen } from '@element-plus/icons-vue'

export default [
  {
    path: '/register',
    name: 'register',
    component: () => import('@/views/register/RegisterView.vue'),
    meta: {
      title: 'layout.menu.register',
      roles: ['registrar', 'handler'],
      menu: { order: 20, icon: markRaw(EditPen) },
    },
  },
] satisfies RouteRecordRaw[]
