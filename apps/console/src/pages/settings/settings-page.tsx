import { Tabs } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import type { Action, Resource } from '@alloy/identity/policy';
import { useSession } from '../../auth/session-provider';
import { PageHeader } from '../../components/page-header';
import { ApiKeysTab } from './api-keys-tab';
import { AuditLogTab } from './audit-log-tab';
import { MembersTab } from './members-tab';
import { OrganizationSwitcher } from './organization-switcher';
import { OrganizationTab } from './organization-tab';
import { PluginsTab } from './plugins-tab';
import { PromotionGatesTab } from './promotion-gates-tab';

interface SettingsTab {
  path: string;
  label: string;
  resource: Resource;
  action: Action;
  element: ReactNode;
}

const TABS: SettingsTab[] = [
  { path: 'members', label: 'Members', resource: 'users', action: 'read', element: <MembersTab /> },
  {
    path: 'api-keys',
    label: 'API keys',
    resource: 'api-keys',
    action: 'read',
    element: <ApiKeysTab />,
  },
  {
    path: 'plugins',
    label: 'Plugins',
    resource: 'plugins',
    action: 'read',
    element: <PluginsTab />,
  },
  {
    path: 'organization',
    label: 'Organisation',
    resource: 'organization-settings',
    action: 'read',
    element: <OrganizationTab />,
  },
  {
    path: 'promotion-gates',
    label: 'Promotion gates',
    resource: 'organization-settings',
    action: 'read',
    element: <PromotionGatesTab />,
  },
  {
    path: 'audit-log',
    label: 'Audit log',
    resource: 'audit',
    action: 'read',
    element: <AuditLogTab />,
  },
];

/**
 * The organisation's members, keys, plugins, settings, promotion gates and audit log, one tab
 * (and URL) each.
 */
export function SettingsPage() {
  const { can, organization } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  // Only the tabs this role may read are shown; the server would refuse the others.
  const tabs = TABS.filter((t) => can(t.resource, t.action));
  const current = location.pathname.split('/')[2] ?? '';
  return (
    <>
      <PageHeader
        title="Organisation"
        description={
          organization
            ? `Acting in ${organization}: everything here is that organisation's.`
            : 'Members, API keys, plugins, settings, promotion gates and the audit log of your organisation.'
        }
        actions={<OrganizationSwitcher />}
      />
      <Tabs
        value={tabs.some((t) => t.path === current) ? current : null}
        onChange={(v) => v && void navigate(`/settings/${v}`)}
        keepMounted={false}
        mb="md"
      >
        <Tabs.List>
          {tabs.map((t) => (
            <Tabs.Tab key={t.path} value={t.path}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Routes>
        {tabs.length > 0 ? (
          <Route index element={<Navigate to={`/settings/${tabs[0].path}`} replace />} />
        ) : null}
        {tabs.map((t) => (
          <Route key={t.path} path={t.path} element={t.element} />
        ))}
        <Route path="*" element={<PageHeader title="Not found" description="No such tab." />} />
      </Routes>
    </>
  );
}
