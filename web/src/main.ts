import { createApp } from 'vue'
import App from './App.vue'
import { router, safeRedirect } from './router'
import { i18n, applyDocumentLocale, t } from './i18n'
import { onUnauthenticated } from './api/client'
import { clearSession } from './stores/session'
import './styles/main.css'
// Styles of the imperatively called components (ElMessage, ElMessageBox); templates' components get theirs
// from the on-demand resolver.
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'

// Graceful session expiry: any 401 (or a missing CSRF token) sends the user to the log-in page with the page
// they were on as `redirect`; the log-in page brings them back there.
let redirecting = false
onUnauthenticated((reason) => {
  clearSession()
  const current = router.currentRoute.value
  if (current.meta.public || redirecting) return
  redirecting = true
  ElMessage.warning({
    message: t(reason === 'csrf' ? 'common.errors.csrfMissing' : 'common.errors.sessionExpired'),
    grouping: true,
  })
  router
    .replace({ name: 'login', query: { redirect: safeRedirect(current.fullPath), expired: '1' } })
    .finally(() => {
      redirecting = false
    })
})

applyDocumentLocale()
const app = createApp(App)
app.use(i18n)
app.use(router)
router.isReady().then(() => app.mount('#app'))
