// Entry of the citizen portal (portal.html → /portal): its own small bundle, apart from the staff console.
import { createApp } from 'vue'
import App from './App.vue'
import { createPortalRouter } from './router'
import { i18n, applyDocumentLocale } from './i18n'
import './styles.css'

applyDocumentLocale()
const router = createPortalRouter()
const app = createApp(App)
app.use(i18n)
app.use(router)
router.isReady().then(() => app.mount('#app'))
