import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/api-error';
import { renderWithConsole } from '../test/render';
import { PageState } from './page-state';

describe('PageState', () => {
  it('shows the server’s error code and message, with the request id', () => {
    const problem = new ApiProblem(409, 'JOB_NOT_CANCELLABLE', 'the job has finished', [], 'req-1');
    renderWithConsole(
      <PageState loading={false} error={problem}>
        content
      </PageState>,
    );
    expect(screen.getByTestId('error-state').textContent).toContain('409 JOB_NOT_CANCELLABLE');
    expect(screen.getByText('the job has finished')).toBeTruthy();
    expect(screen.getByText('request req-1')).toBeTruthy();
    expect(screen.queryByText('content')).toBeNull();
  });

  it('says when there is nothing, and shows the content when there is', () => {
    const { rerender } = renderWithConsole(
      <PageState loading={false} error={null} empty emptyText="No jobs yet.">
        content
      </PageState>,
    );
    expect(screen.getByText('No jobs yet.')).toBeTruthy();
    rerender(
      <PageState loading={false} error={null}>
        content
      </PageState>,
    );
    expect(screen.getByText('content')).toBeTruthy();
  });
});
