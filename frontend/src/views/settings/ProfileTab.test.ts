import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent, waitFor } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { profile } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import { createStores } from '../../stores/index.svelte';
import ProfileTab from './ProfileTab.svelte';

beforeEach(() => {
  resetFakes();
  fakeApi.system.version.mockResolvedValue('v0');
  fakeApi.profiles.list.mockResolvedValue([]);
  fakeApi.profiles.keychainStatus.mockResolvedValue({ available: true, reason: '' });
});

describe('ProfileTab delete', () => {
  it('requires the exact typed name, then shows the removal report', async () => {
    fakeApi.profiles.delete.mockResolvedValue({ profileName: 'Alice', removedFiles: ['profiles/p1/hearth.db'], removedKeychainItems: ['Hearth/profile/p1'] });
    const stores = createStores();
    stores.profiles.current = profile();
    stores.profiles.list = [profile()];
    renderWith(ProfileTab, {}, stores);
    const btn = screen.getByTestId('delete-profile-submit');
    expect(btn).toBeDisabled();
    await fireEvent.input(screen.getByTestId('delete-confirm-input'), { target: { value: 'alice' } });
    expect(btn).toBeDisabled();
    await fireEvent.input(screen.getByTestId('delete-confirm-input'), { target: { value: 'Alice' } });
    expect(btn).toBeEnabled();
    await fireEvent.click(btn);
    const report = await screen.findByTestId('delete-report');
    expect(fakeApi.profiles.delete).toHaveBeenCalledWith('Alice');
    expect(report).toHaveTextContent('profiles/p1/hearth.db');
    expect(report).toHaveTextContent('Hearth/profile/p1');
    await fireEvent.click(screen.getByTestId('delete-report-done'));
    await waitFor(() => expect(stores.ui.screen).toBe('picker'));
  });
});
