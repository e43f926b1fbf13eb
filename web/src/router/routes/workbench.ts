import type { RouteRecordRaw } from 'vue-router'
import { markRaw } from 'vue'
import { HomeFilled } from '@element-plus/icons-vue'

export default [
  {
    path: '/',
    name: 'workbench',
    component: () => import('@/views/workbench/WorkbenchView.vue'),
    meta: { title: 'layout.menu.workbench', affix: true, menu: { order: 10, icon: markRaw(HomeFilled) } },
  },
] satisfies RouteRecordRaw[]
