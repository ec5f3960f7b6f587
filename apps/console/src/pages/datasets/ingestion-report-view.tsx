import { BarChart, DonutChart } from '@mantine/charts';
import { Alert, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * The parts of an ingestion report (libs/data IngestionReport) this view reads. Every section is
 * optional: reports from older ingestions, or from a failed one, may lack some.
 */
export interface IngestionReportData {
  format?: string;
  kind?: string;
  durationMs?: number;
  bytesIn?: number;
  recordsIn?: number;
  recordsOut?: number;
  converted?: number;
  linesRemoved?: number;
  rejected?: { total: number; byReason: Record<string, { count: number }> };
  duplicates?: { exact?: { count: number }; near?: { count: number } };
  pii?: { total: number; recordsAffected: number; byType: Record<string, number> };
  tokens?: {
    tokenizer?: string;
    total: number;
    mean?: number;
    min?: number;
    p50?: number;
    p95?: number;
    max?: number;
  };
  lengthHistogram?: {
    unit?: string;
    buckets: { min: number; max: number | null; count: number }[];
  };
  warnings?: string[];
}

const PALETTE = [
  'blue.6',
  'teal.6',
  'grape.6',
  'orange.6',
  'cyan.6',
  'pink.6',
  'lime.6',
  'indigo.6',
];

const number = new Intl.NumberFormat('en');
const fmt = (n: number | undefined | null) =>
  n === undefined || n === null ? '—' : number.format(n);
const fmtDecimal = (n: number | undefined) =>
  n === undefined ? '—' : number.format(Math.round(n * 10) / 10);

/** Text for a bucket `[min, max)`; the last bucket is open. */
function bucketLabel(b: { min: number; max: number | null }): string {
  return b.max === null ? `${fmt(b.min)}+` : `${fmt(b.min)}–${fmt(b.max - 1)}`;
}

/** A titled panel of the report: its chart, or a line saying there was nothing. */
function ReportSection({
  title,
  empty,
  emptyText,
  children,
}: {
  title: string;
  empty: boolean;
  emptyText: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="sm" component="section" aria-label={title}>
      <Title order={4} size="h5" mb="xs">
        {title}
      </Title>
      {empty ? (
        <Text size="sm" c="dimmed" py="md" ta="center">
          {emptyText}
        </Text>
      ) : (
        children
      )}
    </Card>
  );
}

/** The values behind a chart, readable without the chart (and by a screen reader). */
function CountTable({ label, rows }: { label: string; rows: { name: string; count: number }[] }) {
  return (
    <Table fz="xs" verticalSpacing={2} mt="xs" aria-label={label}>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.name}>
            <Table.Td>{r.name}</Table.Td>
            <Table.Td ta="right" ff="monospace">
              {fmt(r.count)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Stat({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} ff="monospace">
        {value}
      </Text>
    </Stack>
  );
}

/** What ingestion did with an upload: kept and rejected records, duplicates, PII, lengths, tokens. */
export function IngestionReportView({ report }: { report: IngestionReportData }) {
  const rejections = Object.entries(report.rejected?.byReason ?? {})
    .map(([name, s]) => ({ name, count: s.count }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count);
  const duplicates = [
    { name: 'exact', count: report.duplicates?.exact?.count ?? 0 },
    { name: 'near', count: report.duplicates?.near?.count ?? 0 },
  ];
  const pii = Object.entries(report.pii?.byType ?? {})
    .map(([name, count]) => ({ name, count }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count);
  const buckets = (report.lengthHistogram?.buckets ?? []).map((b) => ({
    length: bucketLabel(b),
    records: b.count,
  }));
  const tokens = report.tokens;

  return (
    <Stack gap="sm" data-testid="ingestion-report">
      <Card withBorder padding="sm">
        <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm">
          <Stat label="Records read" value={fmt(report.recordsIn)} />
          <Stat label="Records kept" value={fmt(report.recordsOut)} />
          <Stat label="Rejected" value={fmt(report.rejected?.total)} />
          <Stat label="Duplicates" value={fmt(duplicates[0].count + duplicates[1].count)} />
          <Stat label="Converted" value={fmt(report.converted)} />
          <Stat label="PII found" value={fmt(report.pii?.total)} />
          <Stat
            label="Took"
            value={
              report.durationMs === undefined ? '—' : `${(report.durationMs / 1000).toFixed(1)} s`
            }
          />
        </SimpleGrid>
      </Card>

      {report.warnings && report.warnings.length > 0 ? (
        <Alert color="yellow" variant="light" title="Warnings">
          <List size="sm">
            {report.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <ReportSection
          title="Rejections by reason"
          empty={rejections.length === 0}
          emptyText="No records were rejected."
        >
          <BarChart
            h={Math.max(120, rejections.length * 28)}
            data={rejections}
            dataKey="name"
            orientation="vertical"
            yAxisProps={{ width: 120 }}
            series={[{ name: 'count', label: 'records', color: 'red.6' }]}
          />
          <CountTable label="Rejections by reason" rows={rejections} />
        </ReportSection>

        <ReportSection
          title="Duplicates"
          empty={duplicates.every((d) => d.count === 0)}
          emptyText="No duplicates found."
        >
          <BarChart
            h={120}
            data={duplicates}
            dataKey="name"
            orientation="vertical"
            yAxisProps={{ width: 60 }}
            series={[{ name: 'count', label: 'records', color: 'orange.6' }]}
          />
          <CountTable label="Duplicates" rows={duplicates} />
        </ReportSection>

        <ReportSection
          title="Personal data by type"
          empty={pii.length === 0}
          emptyText="No personal data found."
        >
          <Group align="flex-start" wrap="nowrap">
            <DonutChart
              size={120}
              thickness={18}
              data={pii.map((p, i) => ({
                name: p.name,
                value: p.count,
                color: PALETTE[i % PALETTE.length],
              }))}
              tooltipDataSource="segment"
            />
            <Stack gap={0} style={{ flex: 1 }}>
              <Text size="xs" c="dimmed">
                {fmt(report.pii?.recordsAffected)} records affected; scrubbed as markers
              </Text>
              <CountTable label="Personal data by type" rows={pii} />
            </Stack>
          </Group>
        </ReportSection>

        <ReportSection
          title="Record length"
          empty={buckets.every((b) => b.records === 0)}
          emptyText="No records kept, so no lengths."
        >
          <BarChart
            h={180}
            data={buckets}
            dataKey="length"
            xAxisLabel={report.lengthHistogram?.unit ?? 'tokens'}
            series={[{ name: 'records', color: 'blue.6' }]}
          />
          <CountTable
            label="Record length"
            rows={buckets.map((b) => ({ name: b.length, count: b.records }))}
          />
        </ReportSection>
      </SimpleGrid>

      <ReportSection title="Tokens" empty={!tokens} emptyText="No token counts in this report.">
        <SimpleGrid cols={{ base: 3, sm: 7 }} spacing="sm">
          <Stat label="Total" value={fmt(tokens?.total)} />
          <Stat label="Mean" value={fmtDecimal(tokens?.mean)} />
          <Stat label="Min" value={fmt(tokens?.min)} />
          <Stat label="Median" value={fmt(tokens?.p50)} />
          <Stat label="p95" value={fmt(tokens?.p95)} />
          <Stat label="Max" value={fmt(tokens?.max)} />
          <Stat label="Tokenizer" value={tokens?.tokenizer ?? '—'} />
        </SimpleGrid>
      </ReportSection>
    </Stack>
  );
}
