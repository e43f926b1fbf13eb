import type { RouteRecordRaw } from 'vue-router'
import { markRaw } from 'vue'
import { Search } from '@element-plus/icons-vue'

// The list keeps its filters in the URL query, with the names of the GET /api/v1/petitions parameters
// (state, channel, purpose, category, region, number, from, to, open, org_id, overdue, due_within) plus
// `queue=overdue` / `queue=due-soon&days=N` for the two queues (links from the workbench use these).
export default [
  {
    path: '/petitions',
    name: 'petitions',
    component: () => import('@/views/petitions/PetitionListView.vue'),
    meta: { title: 'layout.menu.petitions', menu: { order: 30, icon: markRaw(Search) } },
  },
] satisfies RouteRecordRaw[]
