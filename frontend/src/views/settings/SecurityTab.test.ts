import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent, waitFor } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { profile } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import { createStores } from '../../stores/index.svelte';
import SecurityTab from './SecurityTab.svelte';

beforeEach(() => resetFakes());

describe('SecurityTab key rotation', () => {
  it('re-encrypts with a new key and shows the new recovery key once', async () => {
    const p = profile({ protection: 'passphrase' });
    fakeApi.profiles.rotateKey.mockResolvedValue({ profile: { ...p, isOpen: true }, recoveryKey: 'NEWK-EYNE-WKEY' });
    const stores = createStores();
    stores.profiles.current = p;
    stores.profiles.list = [p];
    renderWith(SecurityTab, {}, stores);
    await fireEvent.change(screen.getByTestId('protection-mode'), { target: { value: 'passphrase' } });
    await fireEvent.input(screen.getByTestId('protection-current'), { target: { value: 'old passphrase' } });
    await fireEvent.input(screen.getByTestId('protection-new'), { target: { value: 'a fresh passphrase' } });
    await fireEvent.input(screen.getByTestId('protection-new2'), { target: { value: 'a fresh passphrase' } });
    await fireEvent.click(screen.getByTestId('protection-rotate'));
    await fireEvent.click(screen.getByTestId('protection-save'));
    await waitFor(() => expect(fakeApi.profiles.rotateKey).toHaveBeenCalledWith('old passphrase', 'a fresh passphrase'));
    expect(fakeApi.profiles.changeProtection).not.toHaveBeenCalled();
    expect(await screen.findByTestId('rotate-recovery-key')).toHaveTextContent('NEWK-EYNE-WKEY');
    await fireEvent.click(screen.getByTestId('rotate-recovery-done'));
    expect(screen.queryByTestId('rotate-recovery-key')).toBeNull();
  });
});
