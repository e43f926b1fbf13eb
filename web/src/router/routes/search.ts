import type { RouteRecordRaw } from 'vue-router'
import { markRaw } from 'vue'
import { Files } from '@element-plus/icons-vue'

// 信访件检索 — full-text search; the words and filters are kept in the URL query (?q=…&order=newest&state=…&
// category=…&from=…&to=…), so a search can be bookmarked. The top bar's search box jumps here.
export default [
  {
    path: '/search',
    name: 'search',
    component: () => import('@/views/search/SearchView.vue'),
    meta: { title: 'layout.menu.search', menu: { order: 32, icon: markRaw(Files) } },
  },
] satisfies RouteRecordRaw[]
