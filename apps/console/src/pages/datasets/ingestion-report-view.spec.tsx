import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithConsole } from '../../test/render';
import { type IngestionReportData, IngestionReportView } from './ingestion-report-view';

const report: IngestionReportData = {
  recordsIn: 120,
  recordsOut: 100,
  converted: 4,
  durationMs: 2500,
  rejected: {
    total: 12,
    byReason: { too_short: { count: 9 }, invalid_json: { count: 3 }, empty: { count: 0 } },
  },
  duplicates: { exact: { count: 5 }, near: { count: 3 } },
  pii: { total: 7, recordsAffected: 6, byType: { email: 4, phone: 2, iban: 1 } },
  tokens: {
    tokenizer: 'fallback:words',
    total: 5400,
    mean: 54,
    min: 8,
    p50: 50,
    p95: 110,
    max: 130,
  },
  lengthHistogram: {
    unit: 'tokens',
    buckets: [
      { min: 0, max: 32, count: 20 },
      { min: 32, max: 64, count: 70 },
      { min: 64, max: null, count: 10 },
    ],
  },
  warnings: ['3 records had no text after cleaning'],
};

/** The rows of a section's value table, as "name count". */
function rows(section: string): string[] {
  const table = within(screen.getByRole('region', { name: section })).getByRole('table');
  return within(table)
    .getAllByRole('row')
    .map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent)
        .join(' '),
    );
}

describe('IngestionReportView', () => {
  it('shows every section with its counts, largest first', () => {
    renderWithConsole(<IngestionReportView report={report} />);
    expect(rows('Rejections by reason')).toEqual(['too_short 9', 'invalid_json 3']);
    expect(rows('Duplicates')).toEqual(['exact 5', 'near 3']);
    expect(rows('Personal data by type')).toEqual(['email 4', 'phone 2', 'iban 1']);
    expect(rows('Record length')).toEqual(['0–31 20', '32–63 70', '64+ 10']);
    const tokens = screen.getByRole('region', { name: 'Tokens' });
    expect(within(tokens).getByText('5,400')).toBeTruthy();
    expect(within(tokens).getByText('fallback:words')).toBeTruthy();
    expect(screen.getByText('3 records had no text after cleaning')).toBeTruthy();
    expect(screen.getByText('2.5 s')).toBeTruthy();
  });

  it('says so when a section has nothing, instead of drawing an empty chart', () => {
    renderWithConsole(
      <IngestionReportView
        report={{
          recordsIn: 10,
          recordsOut: 10,
          rejected: { total: 0, byReason: {} },
          duplicates: { exact: { count: 0 }, near: { count: 0 } },
          pii: { total: 0, recordsAffected: 0, byType: { email: 0 } },
          lengthHistogram: { buckets: [] },
        }}
      />,
    );
    const section = (name: string) => screen.getByRole('region', { name });
    expect(
      within(section('Rejections by reason')).getByText('No records were rejected.'),
    ).toBeTruthy();
    expect(within(section('Duplicates')).getByText('No duplicates found.')).toBeTruthy();
    expect(
      within(section('Personal data by type')).getByText('No personal data found.'),
    ).toBeTruthy();
    expect(
      within(section('Record length')).getByText('No records kept, so no lengths.'),
    ).toBeTruthy();
    expect(within(section('Tokens')).getByText('No token counts in this report.')).toBeTruthy();
    expect(within(section('Duplicates')).queryByRole('table')).toBeNull();
  });
});
