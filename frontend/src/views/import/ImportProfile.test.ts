import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent, waitFor } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { profile, module } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import { ApiError } from '../../api';
import ImportProfile from './ImportProfile.svelte';

const KEY = 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF-GGGGG-HHHHH';
const imported = { modules: 5, sessions: 3, messages: 24, memories: 2 };

beforeEach(() => {
  resetFakes();
  fakeApi.profiles.keychainStatus.mockResolvedValue({ available: true, reason: '' });
  fakeApi.modules.list.mockResolvedValue([module(), module({ id: 'kitchen', name: 'Kitchen' })]);
  fakeApi.sessions.list.mockResolvedValue([]);
  fakeApi.sessions.messages.mockResolvedValue([]);
  fakeApi.endpoints.list.mockResolvedValue([]);
  fakeApi.endpoints.status.mockResolvedValue({});
  fakeApi.endpoints.default.mockResolvedValue('');
  fakeApi.memory.counts.mockResolvedValue({});
  fakeApi.profiles.getAutoLock.mockResolvedValue(0);
});

async function chooseFile(path: string, encrypted: boolean) {
  fakeApi.data.chooseImportFile.mockResolvedValue(path);
  fakeApi.data.needsPassphrase.mockResolvedValue(encrypted);
  await fireEvent.click(screen.getByTestId('import-pick-file'));
  await screen.findByTestId('import-file');
  await fireEvent.click(screen.getByTestId('import-file-next'));
}

async function nameAndProtect(name: string) {
  await fireEvent.input(await screen.findByTestId('import-name'), { target: { value: name } });
  await fireEvent.click(screen.getByTestId('import-next'));
  await fireEvent.click(await screen.findByTestId('protection-pin'));
  await fireEvent.input(screen.getByTestId('import-secret'), { target: { value: '135713' } });
  await fireEvent.input(screen.getByTestId('import-secret2'), { target: { value: '135713' } });
  await fireEvent.click(screen.getByTestId('import-submit'));
}

describe('ImportProfile', () => {
  it('imports a zip as a new profile, shows the recovery key once, then opens the main window', async () => {
    const bob = profile({ id: 'p9', name: 'Bob again', protection: 'pin', isOpen: true });
    let finish!: (v: unknown) => void;
    fakeApi.profiles.importAsNew.mockImplementation(() => new Promise((r) => (finish = r)));
    const { stores } = renderWith(ImportProfile);
    stores.ui.screen = 'import';
    await chooseFile('/tmp/files/bob.zip', false);
    // A readable zip needs no passphrase: straight to name and look.
    expect(screen.queryByTestId('import-bundle-passphrase')).toBeNull();
    await nameAndProtect('Bob again');

    // While the backend works, progress events move the bar.
    await screen.findByTestId('import-progress');
    stores.profiles.onImportProgress({ done: 5, total: 10 });
    await waitFor(() => expect(screen.getByTestId('import-progress')).toHaveAttribute('aria-valuenow', '50'));
    finish({ profile: bob, recoveryKey: KEY, imported });

    expect(await screen.findByTestId('recovery-key')).toHaveTextContent(KEY);
    expect(screen.getByTestId('import-summary')).toHaveTextContent('5 modules, 3 chats, 24 messages and 2 memories');
    expect(fakeApi.profiles.importAsNew).toHaveBeenCalledWith(expect.objectContaining({
      path: '/tmp/files/bob.zip', passphrase: '', name: 'Bob again', protection: 'pin', secret: '135713',
    }));
    expect(stores.profiles.current?.id).toBe('p9');
    expect(stores.profiles.list.map((p) => p.name)).toContain('Bob again');

    const open = screen.getByTestId('recovery-continue');
    expect(open).toBeDisabled();
    await fireEvent.click(screen.getByTestId('recovery-saved'));
    await fireEvent.click(open);
    await waitFor(() => expect(stores.ui.screen).toBe('main'));
    expect(fakeApi.modules.list).toHaveBeenCalled();
    // The backend already opened the profile: no unlock with a secret.
    expect(fakeApi.profiles.unlock).not.toHaveBeenCalled();
  });

  it('keeps the user on the passphrase step after a wrong bundle passphrase, then retries', async () => {
    fakeApi.profiles.importAsNew.mockRejectedValueOnce(new ApiError('wrong-secret', 'That backup passphrase is not right.'));
    const { stores } = renderWith(ImportProfile);
    await chooseFile('/tmp/files/old.hearth', true);
    await fireEvent.input(await screen.findByTestId('import-bundle-passphrase'), { target: { value: 'nope' } });
    await fireEvent.click(screen.getByTestId('import-passphrase-next'));
    await nameAndProtect('Rose');

    expect(await screen.findByTestId('import-passphrase-error')).toHaveTextContent('That backup passphrase is not right.');
    expect(screen.getByTestId('import-bundle-passphrase')).toBeInTheDocument();
    expect(screen.queryByTestId('recovery-key')).toBeNull();
    expect(stores.profiles.current).toBeNull();
    expect(stores.profiles.list).toEqual([]);
    expect(stores.toasts.items).toEqual([]);

    // The other choices are kept: the retry imports directly.
    fakeApi.profiles.importAsNew.mockResolvedValueOnce({ profile: profile({ id: 'p7', name: 'Rose', protection: 'pin' }), recoveryKey: KEY, imported });
    await fireEvent.input(screen.getByTestId('import-bundle-passphrase'), { target: { value: 'correct horse' } });
    await fireEvent.click(screen.getByTestId('import-passphrase-next'));
    expect(await screen.findByTestId('recovery-key')).toHaveTextContent(KEY);
    expect(fakeApi.profiles.importAsNew).toHaveBeenLastCalledWith(expect.objectContaining({ passphrase: 'correct horse', name: 'Rose', secret: '135713' }));
  });

  it('explains a file the backend refuses and offers another choice', async () => {
    fakeApi.profiles.importAsNew.mockRejectedValue(new ApiError('invalid', 'This file is not a Hearth export.'));
    const { stores } = renderWith(ImportProfile);
    await chooseFile('/tmp/files/photo.zip', false);
    await nameAndProtect('Bob');
    expect(await screen.findByTestId('import-error')).toHaveTextContent('This file is not a Hearth export.');
    expect(stores.profiles.current).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Choose another file' }));
    expect(await screen.findByTestId('import-pick-file')).toBeInTheDocument();
  });

  it('stays on the first step when the file dialog is cancelled', async () => {
    fakeApi.data.chooseImportFile.mockResolvedValue('');
    renderWith(ImportProfile);
    await fireEvent.click(screen.getByTestId('import-pick-file'));
    await waitFor(() => expect(fakeApi.data.chooseImportFile).toHaveBeenCalled());
    expect(screen.getByTestId('import-file-next')).toBeDisabled();
    expect(fakeApi.data.needsPassphrase).not.toHaveBeenCalled();
  });
});
