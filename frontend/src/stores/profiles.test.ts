import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
vi.mock('../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../test/fakeApi')).fakeApi }));
import { fakeApi, resetFakes } from '../test/fakeApi';
import { profile } from '../test/fixtures';
import { ProfilesStore } from './profiles.svelte';

let store: ProfilesStore;
beforeEach(() => {
  resetFakes();
  store = new ProfilesStore();
  fakeApi.profiles.lockout.mockResolvedValue({ failures: 0, waitSeconds: 0 });
});
afterEach(() => {
  store.dispose();
  vi.useRealTimers();
});

describe('ProfilesStore', () => {
  it('load reads the registry only', async () => {
    fakeApi.profiles.list.mockResolvedValue([profile()]);
    fakeApi.profiles.keychainStatus.mockResolvedValue({ available: false, reason: 'no Secret Service' });
    fakeApi.profiles.current.mockResolvedValue(null);
    await store.load();
    expect(store.list).toHaveLength(1);
    expect(store.keychain.available).toBe(false);
    expect(store.current).toBeNull();
  });

  it('unlock opens the profile', async () => {
    fakeApi.profiles.unlock.mockResolvedValue(profile({ isOpen: true }));
    expect(await store.unlock('p1', '1234')).toBe(true);
    expect(store.current?.id).toBe('p1');
  });

  it('wrong secret shows the sentence and the growing delay', async () => {
    fakeApi.profiles.unlock.mockRejectedValue('[wrong-secret] That PIN is not right.');
    fakeApi.profiles.lockout.mockResolvedValue({ failures: 3, waitSeconds: 8 });
    expect(await store.unlock('p1', '0000')).toBe(false);
    expect(store.unlockError).toBe('That PIN is not right.');
    expect(store.failures).toBe(3);
    expect(store.lockoutRemaining).toBe(8);
  });

  it('locked-out counts down live and blocks tries meanwhile', async () => {
    vi.useFakeTimers();
    fakeApi.profiles.unlock.mockRejectedValue('[locked-out:3] Too many wrong tries; wait 3 seconds.');
    await store.unlock('p1', '0000');
    expect(store.lockoutRemaining).toBe(3);
    vi.advanceTimersByTime(1100);
    expect(store.lockoutRemaining).toBe(2);
    expect(await store.unlock('p1', '1111')).toBe(false);
    expect(fakeApi.profiles.unlock).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2500);
    expect(store.lockoutRemaining).toBe(0);
  });

  it('recovery unlock offers restoring the keychain', async () => {
    fakeApi.profiles.unlockWithRecovery.mockResolvedValue({ profile: profile(), canRestoreKeychain: true });
    expect(await store.unlockWithRecovery('p1', ' KEY ')).toBe(true);
    expect(fakeApi.profiles.unlockWithRecovery).toHaveBeenCalledWith('p1', 'KEY');
    expect(store.canRestoreKeychain).toBe(true);
    await store.restoreKeychain();
    expect(fakeApi.profiles.restoreKeychain).toHaveBeenCalled();
    expect(store.canRestoreKeychain).toBe(false);
  });

  it('delete requires the exact name', async () => {
    store.current = profile();
    await expect(store.deleteCurrent('alice')).rejects.toMatchObject({ code: 'confirm' });
    expect(fakeApi.profiles.delete).not.toHaveBeenCalled();
    fakeApi.profiles.delete.mockResolvedValue({ profileName: 'Alice', removedFiles: ['a'], removedKeychainItems: [] });
    const r = await store.deleteCurrent('Alice');
    expect(r.profileName).toBe('Alice');
    expect(store.current).toBeNull();
  });
});
