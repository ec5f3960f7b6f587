import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/notifications/styles.css';
import '@xyflow/react/dist/style.css';
import { Center, Loader, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { SessionProvider, useSession } from '../auth/session-provider';
import { SignInPage } from '../auth/sign-in-page';
import { ConsoleShell } from '../layout/console-shell';
import { ConsoleRoutes } from './routes';
import { theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    // An API error is shown where it happened; retrying a 4xx would only repeat it.
    queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 },
  },
});

function Gate() {
  const session = useSession();
  if (session.loading) {
    return (
      <Center mih="100vh">
        <Loader />
      </Center>
    );
  }
  if (!session.me) return <SignInPage />;
  return (
    <ConsoleShell>
      <ConsoleRoutes />
    </ConsoleShell>
  );
}

export function ConsoleApp() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter basename="/console">
          <SessionProvider>
            <Gate />
          </SessionProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
