import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../../components/fake-session.testing';
import { renderWithConsole } from '../../test/render';
import { UploadVersionModal } from './upload-version-modal';

/** An XMLHttpRequest the test drives: it reports upload progress, then answers. */
class FakeXhr {
  static last: FakeXhr | null = null;
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = '';
  url = '';
  headers: Record<string, string> = {};
  sent: unknown = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.sent = body;
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true } as ProgressEvent);
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

const version = (status: string, progress: unknown = null) => ({
  id: 'v-1',
  dataset: 'my-corpus',
  kind: 'corpus',
  version: 1,
  status,
  sourceBytes: 1024,
  recordCount: status === 'ready' ? 40 : null,
  error: null,
  progress,
  report: null,
  createdAt: new Date().toISOString(),
});

/** The file input behind the labelled "File" button of Mantine's FileInput. */
function fileInput(): HTMLInputElement {
  expect(screen.getByRole('button', { name: /File/ })).toBeTruthy();
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  return input;
}

describe('UploadVersionModal', () => {
  let state = 'processing';
  beforeEach(() => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'GET /api/v1/datasets/my-corpus/versions/1': () =>
          state === 'ready'
            ? version('ready')
            : version('processing', {
                bytesRead: 256,
                totalBytes: 1024,
                recordsIn: 10,
                recordsOut: 9,
              }),
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows the bytes sent as they go, then the ingestion until the version is ready', async () => {
    const user = userEvent.setup();
    renderWithConsole(<UploadVersionModal dataset="my-corpus" opened onClose={() => undefined} />);
    const file = new File(['x'.repeat(1024)], 'corpus.jsonl', { type: 'application/jsonl' });
    await user.upload(fileInput(), file);
    await user.click(screen.getByRole('button', { name: 'Upload' }));

    const xhr = FakeXhr.last!;
    expect(xhr.url).toBe('/api/v1/datasets/my-corpus/versions?fileName=corpus.jsonl');
    expect(xhr.headers['content-type']).toBe('application/octet-stream');
    expect(xhr.sent).toBe(file);
    act(() => xhr.progress(512, 1024));
    expect(screen.getByText('512 B of 1.0 KiB (50%)')).toBeTruthy();
    expect(
      screen.getByRole('progressbar', { name: 'Upload progress' }).getAttribute('aria-valuenow'),
    ).toBe('50');

    act(() => xhr.answer(201, version('uploaded')));
    expect(await screen.findByText('9 of 10 records kept')).toBeTruthy();
    expect(
      screen.getByRole('progressbar', { name: 'Ingestion progress' }).getAttribute('aria-valuenow'),
    ).toBe('25');

    state = 'ready';
    expect(await screen.findByText(/Version 1 is ready/, {}, { timeout: 3000 })).toBeTruthy();
  });

  it('shows the server’s refusal of an upload', async () => {
    const user = userEvent.setup();
    renderWithConsole(<UploadVersionModal dataset="my-corpus" opened onClose={() => undefined} />);
    await user.upload(fileInput(), new File(['a'], 'big.jsonl'));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    act(() =>
      FakeXhr.last!.answer(413, {
        error: { code: 'PAYLOAD_TOO_LARGE', message: 'larger than the upload limit' },
      }),
    );
    expect(await screen.findByText('larger than the upload limit')).toBeTruthy();
    expect(screen.getByTestId('error-state').textContent).toContain('413 PAYLOAD_TOO_LARGE');
  });
});
