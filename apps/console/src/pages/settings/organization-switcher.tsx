import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import type { Organization } from './settings.types';

/**
 * For platform admins: the organisation the console acts in (X-Alloy-Organization). Choosing
 * the platform's own organisation acts as oneself again.
 */
export function OrganizationSwitcher() {
  const { me, can, organization, setOrganization } = useSession();
  const orgs = useQuery({
    queryKey: ['organizations'],
    queryFn: () => request<{ items: Organization[] }>('GET', '/api/v1/organizations'),
    enabled: !!me?.platform && can('organizations', 'read'),
  });
  if (!me?.platform || !can('organizations', 'read')) return null;
  const items = orgs.data?.items ?? [];
  const own = items.find((o) => o.id === me.organizationId);
  return (
    <Select
      label="Acting in"
      w={240}
      data={items.map((o) => ({
        value: o.name,
        label: o.platform ? `${o.displayName} (platform)` : o.displayName,
      }))}
      value={organization ?? own?.name ?? null}
      onChange={(name) => setOrganization(!name || name === own?.name ? null : name)}
      allowDeselect={false}
      searchable
      disabled={orgs.isPending}
      error={orgs.error ? 'organisations could not be listed' : undefined}
    />
  );
}
