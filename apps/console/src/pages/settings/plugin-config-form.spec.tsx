import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../../api/api-error';
import { renderWithConsole } from '../../test/render';
import { type ConfigSchema, PluginConfigForm } from './plugin-config-form';

// Autosizing text areas listen to font loading, which happy-dom does not implement.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    value: { addEventListener: () => undefined, removeEventListener: () => undefined },
  });
}

// The shapes the shipped plugins use (finance's disclosure switch, language enum, tickers).
const schema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['disclosureLanguage'],
  properties: {
    riskDisclosure: { type: 'boolean', default: true, description: 'Append a risk disclosure.' },
    disclosureLanguage: { enum: ['auto', 'en', 'zh'], default: 'auto' },
    disclosureText: { type: 'string', default: 'Investing involves risk.' },
    maxAnswers: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
    threshold: { type: 'number', minimum: 0, maximum: 1 },
    tickers: { type: 'array', items: { type: 'string' }, default: ['ACME', 'INIT'] },
    limits: { type: 'object', default: { perDay: 5 } },
  },
};

describe('PluginConfigForm', () => {
  it('renders a control per schema type, pre-filled with the defaults', () => {
    renderWithConsole(<PluginConfigForm schema={schema} onSubmit={() => undefined} />);
    const disclosure = screen.getByRole('switch', { name: /^Risk disclosure/ });
    expect((disclosure as HTMLInputElement).checked).toBe(true);
    expect(
      screen.getByRole<HTMLInputElement>('combobox', { name: /Disclosure language/ }).value,
    ).toBe('auto');
    expect(screen.getByLabelText<HTMLInputElement>('Disclosure text').value).toBe(
      'Investing involves risk.',
    );
    expect(screen.getByLabelText<HTMLInputElement>('Max answers').value).toBe('3');
    expect(screen.getByLabelText<HTMLInputElement>('Threshold').value).toBe('');
    expect(screen.getByText('ACME')).toBeTruthy();
    expect(screen.getByText('INIT')).toBeTruthy();
    expect(screen.getByLabelText<HTMLTextAreaElement>('Limits').value).toContain('"perDay": 5');
    expect(screen.getByText('Append a risk disclosure.')).toBeTruthy();
  });

  it('submits the typed configuration, leaving empty optional fields to the server', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    renderWithConsole(<PluginConfigForm schema={schema} onSubmit={onSubmit} />);
    await user.click(screen.getByRole('switch', { name: /^Risk disclosure/ }));
    const max = screen.getByLabelText('Max answers');
    await user.clear(max);
    await user.type(max, '7');
    await user.type(screen.getByRole('combobox', { name: 'Tickers' }), 'NEWCO{enter}');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit).toHaveBeenCalledWith({
      riskDisclosure: false,
      disclosureLanguage: 'auto',
      disclosureText: 'Investing involves risk.',
      maxAnswers: 7,
      tickers: ['ACME', 'INIT', 'NEWCO'],
      limits: { perDay: 5 },
    });
  });

  it('starts from the configuration in force when re-configuring', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    renderWithConsole(
      <PluginConfigForm
        schema={schema}
        initial={{ riskDisclosure: false, disclosureLanguage: 'zh', threshold: 0.5, tickers: [] }}
        onSubmit={onSubmit}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit.mock.calls[0][0]).toMatchObject({
      riskDisclosure: false,
      disclosureLanguage: 'zh',
      threshold: 0.5,
      tickers: [],
    });
  });

  it('shows the server’s refusal at the field it names, and refuses broken JSON before sending', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    const problem = new ApiProblem(
      400,
      'INVALID_PLUGIN_CONFIG',
      'config.maxAnswers: must be at most 10',
      [{ field: 'config.maxAnswers', message: 'config.maxAnswers: must be at most 10' }],
    );
    renderWithConsole(<PluginConfigForm schema={schema} problem={problem} onSubmit={onSubmit} />);
    expect(screen.getByText('must be at most 10')).toBeTruthy();
    const limits = screen.getByLabelText('Limits');
    await user.clear(limits);
    await user.type(limits, '{{ nope');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByText('is not valid JSON')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('says when a plugin takes no configuration and submits an empty object', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    renderWithConsole(<PluginConfigForm schema={undefined} onSubmit={onSubmit} />);
    expect(screen.getByText('This plugin takes no configuration.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit).toHaveBeenCalledWith({});
  });
});
