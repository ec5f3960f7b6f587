import { MultiSelect, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorState } from '../../../components/page-state';
import type { DatasetChoice } from './wizard-state';

/** The ready dataset versions to train on, grouped by kind. */
export function WizardDatasetsStep({
  datasets,
  datasetIds,
  onChange,
  error,
}: {
  datasets: UseQueryResult<DatasetChoice[]>;
  datasetIds: string[];
  onChange: (ids: string[]) => void;
  error: string | undefined;
}) {
  return (
    <Stack gap="sm" maw={560}>
      <MultiSelect
        label="Datasets"
        description="ready versions of this domain: corpus for continued pretraining, chat for SFT"
        placeholder={datasets.isPending ? 'Loading…' : 'Pick dataset versions'}
        data={['corpus', 'chat']
          .map((k) => ({
            group: k,
            items: (datasets.data ?? [])
              .filter((d) => d.kind === k)
              .map((d) => ({
                value: d.id,
                label: `${d.dataset} v${d.version}${d.records != null ? ` · ${d.records.toLocaleString('en')} records` : ''}`,
              })),
          }))
          .filter((g) => g.items.length > 0)}
        value={datasetIds}
        onChange={onChange}
        error={error}
        searchable
      />
      {datasets.data && datasets.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No ready corpus or chat versions in this domain yet: upload data on the Datasets page.
        </Text>
      ) : null}
      {datasets.error ? <ErrorState error={datasets.error} /> : null}
    </Stack>
  );
}
