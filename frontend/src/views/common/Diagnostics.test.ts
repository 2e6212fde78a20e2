import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent, waitFor, render } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import Diagnostics from './Diagnostics.svelte';

beforeEach(() => resetFakes());

describe('Diagnostics', () => {
  it('lists every check with its state and counts the problems', async () => {
    fakeApi.system.doctor.mockResolvedValue([
      { name: 'data dir', ok: true, skip: false, detail: '/home/ada/.local/share/hearth is writable' },
      { name: 'keychain', ok: false, skip: false, detail: 'The OS keychain is unavailable (no Secret Service answered).' },
      { name: 'webkit/gtk', ok: true, skip: false, detail: 'libwebkit2gtk-4.1.so.0' },
      { name: 'endpoint Home', ok: false, skip: false, detail: 'The server at localhost:11434 is not reachable.' },
    ]);
    render(Diagnostics, { onclose: () => {} });
    await waitFor(() => expect(screen.getAllByTestId('diagnostics-check')).toHaveLength(4));
    const states = screen.getAllByTestId('diagnostics-check').map((li) => li.dataset.state);
    expect(states).toEqual(['ok', 'fail', 'ok', 'fail']);
    expect(screen.getByText('OS keychain')).toBeInTheDocument();
    expect(screen.getByText('AI endpoint “Home”')).toBeInTheDocument();
    expect(screen.getByTestId('diagnostics-summary')).toHaveTextContent('2 problems found.');
  });

  it('does not count skipped checks as problems, and runs again on request', async () => {
    fakeApi.system.doctor.mockResolvedValue([
      { name: 'data dir', ok: true, skip: false, detail: 'writable' },
      { name: 'AI endpoints', ok: false, skip: true, detail: 'Open a profile to check its AI endpoints.' },
    ]);
    render(Diagnostics, { onclose: () => {} });
    await waitFor(() => expect(screen.getByTestId('diagnostics-summary')).toHaveTextContent('Everything needed works.'));
    expect(screen.getAllByTestId('diagnostics-check')[1].dataset.state).toBe('skip');
    await fireEvent.click(screen.getByTestId('diagnostics-again'));
    await waitFor(() => expect(fakeApi.system.doctor).toHaveBeenCalledTimes(2));
  });

  it('shows a failed call as a message, not an empty list', async () => {
    fakeApi.system.doctor.mockRejectedValue('[error] Something went wrong.');
    render(Diagnostics, { onclose: () => {} });
    expect(await screen.findByRole('alert')).toHaveTextContent('Something went wrong.');
  });
});
