import {
  ActionIcon,
  AppShell,
  Burger,
  Group,
  NavLink,
  Text,
  Title,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLogout, IconMoon, IconSun } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useSession } from '../auth/session-provider';
import { NAVIGATION } from './navigation';

/** The frame of every page: header with who is signed in, navigation, theme switch. */
export function ConsoleShell({ children }: { children: ReactNode }) {
  const [opened, { toggle }] = useDisclosure();
  const session = useSession();
  const location = useLocation();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const active = (path: string) =>
    path === '/' ? location.pathname === '/' : location.pathname.startsWith(path);
  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="menu" />
            <Title order={4}>Alloy</Title>
          </Group>
          <Group gap="sm">
            <Text size="sm" c="dimmed">
              {session.me?.name} · {session.me?.role}
              {session.organization ? ` · acting in ${session.organization}` : ''}
            </Text>
            <Tooltip label={scheme === 'dark' ? 'Light theme' : 'Dark theme'}>
              <ActionIcon
                variant="default"
                aria-label="switch theme"
                onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
              >
                {scheme === 'dark' ? <IconSun size={16} /> : <IconMoon size={16} />}
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Sign out">
              <ActionIcon
                variant="default"
                aria-label="sign out"
                onClick={() => void session.signOut()}
              >
                <IconLogout size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="main navigation">
        {NAVIGATION.filter((n) => session.can(n.resource, n.action ?? 'read')).map((n) => (
          <NavLink
            key={n.path}
            component={Link}
            to={n.path}
            label={n.label}
            active={active(n.path)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
