import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent, waitFor } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { profile } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import Picker from './Picker.svelte';

beforeEach(() => resetFakes());

describe('Picker: profiles found on disk', () => {
  it('offers a profile the list lacks and brings it back', async () => {
    fakeApi.profiles.list.mockResolvedValue([profile()]);
    fakeApi.profiles.unlisted.mockResolvedValue([profile({ id: 'p2', name: 'Ben', protection: 'pin' })]);
    fakeApi.profiles.bringBack.mockResolvedValue(profile({ id: 'p2', name: 'Ben', protection: 'pin' }));
    const { stores } = renderWith(Picker);
    await stores.profiles.load();
    const button = await screen.findByRole('button', { name: 'Bring back Ben' });
    await fireEvent.click(button);
    expect(fakeApi.profiles.bringBack).toHaveBeenCalledWith('p2');
    await waitFor(() => expect(screen.getAllByTestId('profile-tile')).toHaveLength(2));
    expect(screen.queryByTestId('found-on-disk')).toBeNull();
  });

  it('shows nothing extra when every profile is listed', async () => {
    fakeApi.profiles.list.mockResolvedValue([profile()]);
    fakeApi.profiles.unlisted.mockResolvedValue([]);
    const { stores } = renderWith(Picker);
    await stores.profiles.load();
    await waitFor(() => expect(screen.getAllByTestId('profile-tile')).toHaveLength(1));
    expect(screen.queryByTestId('found-on-disk')).toBeNull();
  });
});
