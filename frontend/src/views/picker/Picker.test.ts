import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent, waitFor } from '@testing-library/svelte';
import { fakeApi, resetFakes, calledMethods } from '../../test/fakeApi';
import { profile } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import Picker from './Picker.svelte';

beforeEach(() => resetFakes());

describe('Picker', () => {
  it('shows a tile per profile, lock icons for PIN/passphrase, and Add person', async () => {
    const { stores } = renderWith(Picker);
    stores.profiles.list = [profile(), profile({ id: 'p2', name: 'Ben', protection: 'pin' }), profile({ id: 'p3', name: 'Rose', protection: 'passphrase' })];
    stores.profiles.loaded = true;
    await waitFor(() => expect(screen.getAllByTestId('profile-tile')).toHaveLength(3));
    expect(screen.getAllByTestId('profile-lock')).toHaveLength(2);
    expect(screen.getByTestId('add-person')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Ben ?, protected by a PIN$/ })).toBeInTheDocument();
  });

  it('never calls data APIs before unlock', async () => {
    const { stores } = renderWith(Picker);
    stores.profiles.list = [profile({ protection: 'pin' })];
    stores.profiles.loaded = true;
    await fireEvent.click(await screen.findByTestId('profile-tile'));
    expect(stores.ui.screen).toBe('unlock');
    // Only the registry (profiles.*) and the ui-ready ping; no modules, sessions, memory, endpoints, data.
    const dataCalls = calledMethods().filter((m) => !m.startsWith('profiles.') && m !== 'system.uiReady');
    expect(dataCalls).toEqual([]);
    expect(fakeApi.system.uiReady).toHaveBeenCalledWith('picker', 'tiles=1');
  });

  it('opens a keychain profile directly', async () => {
    fakeApi.profiles.lockout.mockResolvedValue({ failures: 0, waitSeconds: 0 });
    fakeApi.profiles.unlock.mockResolvedValue(profile({ isOpen: true }));
    fakeApi.modules.list.mockResolvedValue([]);
    fakeApi.endpoints.list.mockResolvedValue([]);
    fakeApi.endpoints.status.mockResolvedValue({});
    fakeApi.endpoints.default.mockResolvedValue('');
    fakeApi.profiles.getAutoLock.mockResolvedValue(0);
    const { stores } = renderWith(Picker);
    stores.profiles.list = [profile()];
    stores.profiles.loaded = true;
    await fireEvent.click(await screen.findByTestId('profile-tile'));
    await waitFor(() => expect(stores.ui.screen).toBe('main'));
    expect(fakeApi.profiles.unlock).toHaveBeenCalledWith('p1', '');
  });

  it('offers "Import from a backup", which opens the import wizard', async () => {
    const { stores } = renderWith(Picker);
    stores.profiles.loaded = true;
    await fireEvent.click(await screen.findByTestId('import-person'));
    expect(stores.ui.screen).toBe('import');
  });
});
