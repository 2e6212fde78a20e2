import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent, waitFor } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { profile } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import { createStores } from '../../stores/index.svelte';
import Unlock from './Unlock.svelte';

function setup() {
  const stores = createStores();
  stores.profiles.list = [profile({ id: 'p2', name: 'Ben', protection: 'pin' })];
  stores.ui.unlockId = 'p2';
  stores.ui.screen = 'unlock';
  return renderWith(Unlock, {}, stores);
}

beforeEach(() => {
  resetFakes();
  fakeApi.profiles.lockout.mockResolvedValue({ failures: 0, waitSeconds: 0 });
});
afterEach(() => vi.useRealTimers());

describe('Unlock', () => {
  it('shows the wrong-PIN sentence', async () => {
    fakeApi.profiles.unlock.mockRejectedValue('[wrong-secret] That PIN is not right.');
    setup();
    await fireEvent.input(screen.getByTestId('unlock-input'), { target: { value: '0000' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    expect(await screen.findByTestId('unlock-error')).toHaveTextContent('That PIN is not right.');
  });

  it('shows a live lockout countdown and disables the field', async () => {
    fakeApi.profiles.unlock.mockRejectedValue('[locked-out:5] Too many wrong tries; wait 5 seconds.');
    setup();
    await fireEvent.input(screen.getByTestId('unlock-input'), { target: { value: '0000' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    const cd = await screen.findByTestId('unlock-countdown');
    expect(cd).toHaveTextContent('5 s');
    expect(screen.getByTestId('unlock-input')).toBeDisabled();
    await waitFor(() => expect(screen.getByTestId('unlock-countdown')).toHaveTextContent('4 s'), { timeout: 2000 });
  });

  it('shows a running lockout when the screen opens', async () => {
    fakeApi.profiles.lockout.mockResolvedValue({ failures: 4, waitSeconds: 90 });
    setup();
    expect(await screen.findByTestId('unlock-countdown')).toHaveTextContent('1:30');
  });

  it('recovery unlock offers restoring the keychain', async () => {
    fakeApi.profiles.unlockWithRecovery.mockResolvedValue({ profile: profile({ id: 'p2' }), canRestoreKeychain: true });
    setup();
    await fireEvent.click(screen.getByTestId('use-recovery'));
    await fireEvent.input(screen.getByTestId('unlock-input'), { target: { value: 'HEARTH-KEY' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    const restore = await screen.findByTestId('restore-keychain');
    expect(fakeApi.profiles.unlockWithRecovery).toHaveBeenCalledWith('p2', 'HEARTH-KEY');
    // A PIN profile needs the PIN to wrap the restored keychain copy.
    expect(restore).toBeDisabled();
    await fireEvent.input(screen.getByTestId('restore-pin'), { target: { value: '246824' } });
    expect(restore).toBeEnabled();
    fakeApi.modules.list.mockResolvedValue([]);
    fakeApi.endpoints.list.mockResolvedValue([]);
    fakeApi.endpoints.status.mockResolvedValue({});
    await fireEvent.click(restore);
    await waitFor(() => expect(fakeApi.profiles.restoreKeychain).toHaveBeenCalledWith('246824'));
  });
});
