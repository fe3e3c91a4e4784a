// Hash history: in Electron the page is loaded from file://, where path URLs cannot work.
import { createRouter, createWebHashHistory, type RouteLocationRaw } from 'vue-router'
import LoginView from './features/auth/LoginView.vue'
import { useSessionStore } from './stores/session'
import { useSystemStore } from './stores/system'

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/start', name: 'first-start', component: () => import('./features/setup/FirstStartView.vue'), meta: { public: true } },
    { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
    {
      path: '/',
      component: () => import('./features/shell/TheAppShell.vue'),
      children: [
        { path: '', name: 'dashboard', component: () => import('./features/dashboard/DashboardView.vue') },
        { path: 'klienci', name: 'customers', component: () => import('./features/customers/CustomerSearchView.vue') },
        { path: 'klienci/:id', name: 'customer', component: () => import('./features/customers/CustomerDetailView.vue'), props: true },
        { path: 'klienci/nowy', name: 'customer-new', component: () => import('./features/customers/CustomerFormView.vue') },
        { path: 'klienci/:id/edycja', name: 'customer-edit', component: () => import('./features/customers/CustomerFormView.vue'), props: true },
        { path: 'klienci/:id/scal', name: 'customer-merge', component: () => import('./features/customers/CustomerMergeView.vue'), props: true, meta: { role: 'supervisor' } },
        { path: 'wodomierze', name: 'meters-due', component: () => import('./features/meters/MetersDueView.vue') },
        { path: 'odczyty', name: 'readings-flagged', component: () => import('./features/readings/FlaggedReadingsView.vue') },
        { path: 'import', name: 'imports', component: () => import('./features/imports/ImportView.vue'), meta: { role: 'supervisor' } },
        { path: 'faktury', name: 'invoices', component: () => import('./features/invoices/InvoicesListView.vue') },
        { path: 'faktury/rozliczenie', name: 'billing', component: () => import('./features/billing/BillingRunView.vue'), meta: { role: 'supervisor' } },
        { path: 'faktury/:id', name: 'invoice', component: () => import('./features/invoices/InvoiceDetailView.vue'), props: true },
        { path: 'rozliczenia', name: 'settlements', component: () => import('./features/settlements/SettlementsView.vue') },
        { path: 'sprawy', name: 'cases', component: () => import('./features/cases/CasesListView.vue') },
        { path: 'sprawy/nowa', name: 'case-new', component: () => import('./features/cases/NewCaseView.vue'), props: (r) => ({ customerId: typeof r.query.klient === 'string' ? r.query.klient : undefined }) },
        { path: 'sprawy/awaria', name: 'case-new-failure', component: () => import('./features/cases/NewFailureView.vue'), props: (r) => ({ customerId: typeof r.query.klient === 'string' ? r.query.klient : undefined }) },
        { path: 'sprawy/:id', name: 'case', component: () => import('./features/cases/CaseDetailView.vue'), props: true },
        { path: 'wnioski', name: 'applications', component: () => import('./features/registration/ApplicationsListView.vue') },
        {
          path: 'wnioski/nowy',
          name: 'application-new',
          component: () => import('./features/registration/ApplicationView.vue'),
          props: (r) => ({ customerId: typeof r.query.klient === 'string' ? r.query.klient : undefined }),
        },
        { path: 'wnioski/:id', name: 'application', component: () => import('./features/registration/ApplicationView.vue'), props: true },
        { path: 'zgody', name: 'consents', component: () => import('./features/consents/ConsentsRegisterView.vue') },
        { path: 'poczta', name: 'mail', component: () => import('./features/mail/MailOutboxView.vue') },
        { path: 'synchronizacja', name: 'sync', component: () => import('./features/sync/SyncView.vue') },
        { path: 'synchronizacja/konflikty', name: 'sync-conflicts', component: () => import('./features/sync/SyncConflictsView.vue') },
        {
          path: 'ustawienia',
          component: () => import('./features/settings/SettingsView.vue'),
          meta: { role: 'admin' },
          children: [
            { path: '', redirect: { name: 'settings-office' } },
            { path: 'biuro', name: 'settings-office', component: () => import('./features/settings/OfficeSettingsPanel.vue') },
            { path: 'pracownicy', name: 'settings-staff', component: () => import('./features/settings/StaffAccountsPanel.vue') },
            { path: 'kopie', name: 'settings-backups', component: () => import('./features/settings/BackupsPanel.vue') },
            { path: 'poczta', name: 'settings-mail', component: () => import('./features/mail/MailSettingsPanel.vue') },
          ],
        },
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

router.beforeEach(async (to): Promise<boolean | RouteLocationRaw> => {
  const system = useSystemStore()
  if (!system.status) await system.refresh()
  // App.vue shows the connection problem; keep the route as it is.
  if (!system.status) return true
  if (!system.status.setupDone) return to.name === 'first-start' ? true : { name: 'first-start' }
  if (to.name === 'first-start') return { name: 'login' }

  const session = useSessionStore()
  if (!session.restored) await session.restore()
  if (to.meta.public) return session.isSignedIn ? { name: 'dashboard' } : true
  if (!session.isSignedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } }
  // meta is merged from parent routes, so child settings routes inherit the admin requirement.
  if (to.meta.role && !session.hasRole(to.meta.role)) return { name: 'dashboard' }
  return true
})
