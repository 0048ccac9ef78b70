import '@mantine/core/styles.css'
import '@mantine/dates/styles.css'
import '@mantine/notifications/styles.css'
import '@mantine/charts/styles.css'
import '@mantine/dropzone/styles.css'
import 'mantine-datatable/styles.css'
import './i18n'
import { ColorSchemeScript, MantineProvider, localStorageColorSchemeManager } from '@mantine/core'
import { ModalsProvider } from '@mantine/modals'
import { Notifications } from '@mantine/notifications'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { HashRouter } from 'react-router'
import { App } from './App'
import { ErrorBoundary } from './components/ErrorBoundary'
import { theme } from './theme'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 },
    mutations: { retry: 0 }
  }
})

const colorSchemeManager = localStorageColorSchemeManager({ key: 'sbo.color-scheme' })

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ColorSchemeScript defaultColorScheme="light" />
    <MantineProvider theme={theme} defaultColorScheme="light" colorSchemeManager={colorSchemeManager}>
      {/* Toasts never cover an open dialog: bottom left (dialogs are centred, drawers on the right) and
          under Mantine's modal/drawer layer (z-index 200), above the app shell (100). */}
      <Notifications position="bottom-left" zIndex={190} containerWidth={380} />
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          <HashRouter>
            {/* The outer net: an error in the shell itself still shows a message, not a blank window. */}
            <ErrorBoundary>
              <App />
            </ErrorBoundary>
          </HashRouter>
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>
)
