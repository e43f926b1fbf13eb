import type { RouteRecordRaw } from 'vue-router'

// One tab per case (tab key = path); the view renames its tab to the case number with setTabTitle().
export default [
  {
    path: '/petitions/:id(\\d+)',
    name: 'petition-detail',
    component: () => import('@/views/petition-detail/PetitionDetailView.vue'),
    props: true,
    meta: { title: 'layout.menu.petitionDetail' },
  },
] satisfies RouteRecordRaw[]
