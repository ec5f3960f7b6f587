import type { ModelVersion } from '@alloy/sdk/types';
import { Button, Card, Table, Text, Title } from '@mantine/core';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { ErrorState, PageState } from '../../components/page-state';
import type { ConsoleConfig, EvaluationRun, ModelPlugins } from './evaluation-api';

/** The evaluators the model's plugins offer, each with a button that runs it on the version. */
export function EvaluatorsCard({
  model,
  version,
  config,
  plugins,
  run,
  mayRun,
}: {
  model: string;
  version: ModelVersion;
  config: UseQueryResult<ConsoleConfig>;
  plugins: UseQueryResult<ModelPlugins>;
  /** Runs the evaluator it is given. */
  run: UseMutationResult<EvaluationRun, Error, string>;
  mayRun: boolean;
}) {
  return (
    <Card withBorder padding="sm">
      <Title order={5} mb="xs">
        Evaluators of {model} v{version.version}
      </Title>
      {config.error ? (
        <ErrorState
          error={
            new Error(
              `The model server's address could not be read from /console/config.json: ${
                config.error instanceof Error ? config.error.message : String(config.error)
              }`,
            )
          }
        />
      ) : (
        <PageState
          loading={config.isPending || plugins.isPending}
          error={plugins.error}
          empty={(plugins.data?.evaluators.length ?? 0) === 0}
          emptyText={
            plugins.data?.plugins.length
              ? `The plugins running on ${model} (${plugins.data.plugins.map((p) => p.id).join(', ')}) offer no evaluator.`
              : `No plugin is enabled for ${model}; enable one under Organisation → Plugins.`
          }
        >
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Evaluator</Table.Th>
                <Table.Th>Plugin</Table.Th>
                <Table.Th>What it checks</Table.Th>
                <Table.Th aria-label="actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(plugins.data?.evaluators ?? []).map((e) => (
                <Table.Tr key={`${e.plugin}/${e.name}`}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {e.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{e.plugin}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{e.description}</Text>
                  </Table.Td>
                  <Table.Td>
                    {mayRun ? (
                      <Button
                        variant="light"
                        loading={run.isPending && run.variables === e.name}
                        disabled={run.isPending && run.variables !== e.name}
                        onClick={() => run.mutate(e.name)}
                      >
                        Run on v{version.version}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {run.error ? <ErrorState error={run.error} /> : null}
        </PageState>
      )}
    </Card>
  );
}
