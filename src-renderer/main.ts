import './zod-setup'
import './styles/main.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { api } from './api/client'
import App from './App.vue'
import { router } from './router'
import { useSessionStore } from './stores/session'

// Take the run token out of the address before the router reads it.
api.init()

const app = createApp(App)
app.use(createPinia())
app.use(router)

const session = useSessionStore()
api.onSessionLocked(() => session.markLocked())
api.onSignedOut(() => {
  session.forget()
  void router.push({ name: 'login' })
})

app.mount('#app')
