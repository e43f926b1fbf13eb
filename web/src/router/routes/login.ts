import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/LoginView.vue'),
    meta: { title: 'login.title', public: true, tab: false },
  },
] satisfies RouteRecordRaw[]
