import { describe, expect, it } from 'vitest';
import type { DoseResult } from './dose-by-weight.tool';
import { plugin } from './index';
import { createTestHarness } from '@alloy/plugin-sdk';

const driver = createTestHarness(plugin);
const dose = async (drug: unknown, weightKg: unknown) =>
  (await driver.callTool('medical_dose_by_weight', { drug, weightKg })) as DoseResult;

describe('medical_dose_by_weight', () => {
  it('doses paracetamol at 15 mg/kg for a 20 kg child', async () => {
    expect(await dose('paracetamol', 20)).toMatchObject({
      drug: 'paracetamol',
      singleDoseMg: 300,
      maxDailyMg: 1500,
      singleDoseClamped: false,
      dailyDoseClamped: false,
    });
  });

  it('clamps to the maximum single and daily dose and says so', async () => {
    const result = await dose('acetaminophen', 80);
    expect(result).toMatchObject({
      drug: 'paracetamol',
      singleDoseMg: 1000,
      maxDailyMg: 4000,
      singleDoseClamped: true,
      dailyDoseClamped: true,
    });
    expect(result.notes.join(' ')).toMatch(/clamped to the maximum single dose of 1000 mg/);
    expect(await dose('布洛芬', 50)).toMatchObject({
      drug: 'ibuprofen',
      singleDoseMg: 400,
      maxDailyMg: 1200,
      singleDoseClamped: true,
    });
  });

  it('rounds to a tenth of a milligram', async () => {
    expect(await dose('Ibuprofen', 7.35)).toMatchObject({ singleDoseMg: 73.5, maxDailyMg: 294 });
    expect(await dose('amoxicillin', 12.5)).toMatchObject({ singleDoseMg: 250, maxDailyMg: 750 });
  });

  it('refuses unknown drugs and weights out of bounds', async () => {
    await expect(dose('oxycodone', 70)).rejects.toThrow(/unknown drug "oxycodone"/);
    await expect(dose('paracetamol', 0.4)).rejects.toThrow(/weightKg:? must be at least 0.5/);
    await expect(dose('paracetamol', 301)).rejects.toThrow(/weightKg:? must be at most 300/);
    await expect(dose('', 20)).rejects.toThrow(/drug/);
  });
});
