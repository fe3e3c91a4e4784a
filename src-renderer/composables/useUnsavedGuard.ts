// Unsaved form changes are never lost by an accidental navigation or window close.
import { onBeforeUnmount, onMounted, type Ref } from 'vue'
import { onBeforeRouteLeave } from 'vue-router'
import { t } from '../i18n'

export function useUnsavedGuard(dirty: Ref<boolean>) {
  onBeforeRouteLeave(() => (dirty.value ? window.confirm(t('common.unsavedConfirm')) : true))
  const beforeUnload = (e: BeforeUnloadEvent) => {
    if (dirty.value) e.preventDefault()
  }
  onMounted(() => window.addEventListener('beforeunload', beforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', beforeUnload))
}
