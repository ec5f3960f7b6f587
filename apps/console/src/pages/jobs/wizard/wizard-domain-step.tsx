import type { Domain } from '@alloy/sdk/types';
import { Select } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorState } from '../../../components/page-state';

/** The first step: the domain to train in. */
export function WizardDomainStep({
  domains,
  domain,
  onChange,
  error,
}: {
  domains: UseQueryResult<{ items: Domain[] }>;
  domain: string | null;
  onChange: (domain: string | null) => void;
  error: string | undefined;
}) {
  return (
    <>
      <Select
        label="Domain"
        placeholder={domains.isPending ? 'Loading…' : 'Pick a domain'}
        data={(domains.data?.items ?? []).map((d) => ({
          value: d.name,
          label: d.displayName || d.name,
        }))}
        value={domain}
        onChange={onChange}
        error={error}
        maw={360}
      />
      {domains.error ? <ErrorState error={domains.error} /> : null}
    </>
  );
}
