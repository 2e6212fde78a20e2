import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent, waitFor } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { profile } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import { createStores } from '../../stores/index.svelte';
import FamilyTab from './FamilyTab.svelte';

beforeEach(() => resetFakes());

const policy = { modules: ['tutor'], endpoints: ['local'], models: [], memory: false, quiet: '21:00-07:00', daily: 0, instruction: '', temporary: false, guardianReads: false };

describe('FamilyTab', () => {
  it('shows a child its rules and who set them, in plain words', async () => {
    fakeApi.family.status.mockResolvedValue({ children: [], rules: { guardianName: 'Ann', policy, sentToday: 0,
      rules: ['Modules you can use: tutor.', 'Quiet hours 21:00-07:00: Hearth does not open or reply then.'] } });
    renderWith(FamilyTab, {}, createStores());
    const panel = await screen.findByTestId('family-rules');
    expect(panel).toHaveTextContent('Family rules set by Ann');
    // A supervised profile is not offered to look after others.
    expect(screen.queryByTestId('family-new-child')).toBeNull();
    expect(screen.queryByTestId('family-adopt')).toBeNull();
    expect(panel).toHaveTextContent('Quiet hours 21:00-07:00');
  });

  it('lets a guardian create a child with Tutor only, local only, memory off and quiet hours', async () => {
    fakeApi.family.status.mockResolvedValue({ children: [] });
    fakeApi.family.createChild.mockResolvedValue({ profile: profile({ name: 'Sam' }), recoveryKey: 'KIDK-EYKI-DKEY' });
    const stores = createStores();
    stores.modules.all = [{ id: 'tutor', name: 'Tutor' }, { id: 'kitchen', name: 'Kitchen' }] as never;
    renderWith(FamilyTab, {}, stores);
    await fireEvent.click(await screen.findByTestId('family-new-child'));
    await fireEvent.input(screen.getByLabelText("Child's name"), { target: { value: 'Sam' } });
    await fireEvent.input(screen.getByLabelText("Child's PIN"), { target: { value: 'sam-pin-1' } });
    await fireEvent.input(screen.getByLabelText('Repeat'), { target: { value: 'sam-pin-1' } });
    await fireEvent.click(screen.getByTestId('new-module-tutor'));
    await fireEvent.click(screen.getByTestId('new-local-only'));
    await fireEvent.click(screen.getByTestId('new-memory'));
    await fireEvent.click(screen.getByTestId('new-quiet-on'));
    await fireEvent.click(screen.getByTestId('family-create'));
    await waitFor(() => expect(fakeApi.family.createChild).toHaveBeenCalled());
    const req = fakeApi.family.createChild.mock.calls[0][0];
    expect(req).toMatchObject({ name: 'Sam', protection: 'pin', secret: 'sam-pin-1',
      policy: { modules: ['tutor'], endpoints: ['local'], memory: false, quiet: '21:00-07:00', guardianReads: false } });
    expect(await screen.findByTestId('family-recovery-key')).toHaveTextContent('KIDK-EYKI-DKEY');
  });

  it('lets a guardian set a new PIN for a child and release the child', async () => {
    const child = { id: 'c1', name: 'Sam', missing: false, policy, rules: ['Modules you can use: tutor.'] };
    fakeApi.family.status.mockResolvedValue({ children: [child] });
    renderWith(FamilyTab, {}, createStores());
    await fireEvent.input(await screen.findByLabelText('New PIN for Sam'), { target: { value: 'sam-new-pin' } });
    await fireEvent.click(screen.getByTestId('family-reset-pin'));
    await waitFor(() => expect(fakeApi.family.resetPin).toHaveBeenCalledWith('c1', 'sam-new-pin'));
    await fireEvent.click(screen.getByTestId('family-release'));
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(fakeApi.family.release).toHaveBeenCalledWith('c1'));
    await waitFor(() => expect(screen.queryByTestId('family-child')).toBeNull());
  });

  it("offers to read a child's chats only when that was chosen at set-up", async () => {
    const closed = { id: 'c1', name: 'Sam', missing: false, policy, rules: [] };
    const open = { id: 'c2', name: 'Kim', missing: false, policy: { ...policy, guardianReads: true }, rules: [] };
    fakeApi.family.status.mockResolvedValue({ children: [closed, open] });
    fakeApi.family.readChats.mockResolvedValue([{ module: 'tutor', session: 's1', title: 'Fractions', role: 'user', content: 'what is a half' }]);
    renderWith(FamilyTab, {}, createStores());
    const read = await screen.findAllByTestId('family-read');
    expect(read).toHaveLength(1);
    expect(read[0]).toHaveTextContent("Read Kim's chats");
    await fireEvent.click(read[0]);
    expect(await screen.findByTestId('family-chats')).toHaveTextContent('what is a half');
    expect(fakeApi.family.readChats).toHaveBeenCalledWith('c2');
  });
});

describe('FamilyTab: supervision that changes hands', () => {
  const ann = profile({ id: 'p-ann', name: 'Ann', protection: 'pin', isOpen: true });
  const wrong = '[wrong-secret] That PIN, passphrase or recovery key is not right.';

  it("supervises an existing profile only with that person's own secret, a wrong one first", async () => {
    const bob = profile({ id: 'p-bob', name: 'Bob', protection: 'pin' });
    const cat = profile({ id: 'p-cat', name: 'Cat', protection: 'keychain' });
    fakeApi.profiles.list.mockResolvedValue([ann, bob, cat]);
    fakeApi.profiles.current.mockResolvedValue(ann);
    fakeApi.profiles.keychainStatus.mockResolvedValue({ available: true, reason: '' });
    fakeApi.family.status.mockResolvedValue({ children: [] });
    fakeApi.family.adopt.mockRejectedValueOnce(wrong).mockResolvedValueOnce(bob);
    const stores = createStores();
    stores.modules.all = [{ id: 'tutor', name: 'Tutor' }, { id: 'kitchen', name: 'Kitchen' }] as never;
    renderWith(FamilyTab, {}, stores);
    await fireEvent.click(await screen.findByTestId('family-adopt'));
    const dialog = await screen.findByRole('dialog', { name: 'Supervise an existing profile' });
    const pick = await screen.findByLabelText('Profile to supervise');
    await waitFor(() => expect(document.activeElement).toBe(pick));
    await waitFor(() => expect([...dialog.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Choose a profile', 'Bob', 'Cat']));
    await fireEvent.change(pick, { target: { value: 'p-cat' } });
    expect(screen.getByLabelText("Cat's recovery key")).toBeInTheDocument();
    await fireEvent.change(pick, { target: { value: 'p-bob' } });
    const secret = screen.getByLabelText("Bob's PIN");
    await fireEvent.input(secret, { target: { value: 'not-bobs-pin' } });
    await fireEvent.click(screen.getByTestId('adopt-module-tutor'));
    await fireEvent.click(screen.getByTestId('family-adopt-submit'));
    expect(await screen.findByRole('alert')).toHaveTextContent('That PIN, passphrase or recovery key is not right.');
    expect(secret).toHaveValue('');
    expect(document.activeElement).toBe(secret);
    expect(secret).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('dialog')).toBeInTheDocument();

    fakeApi.family.status.mockResolvedValue({ children: [{ id: 'p-bob', name: 'Bob', missing: false, policy, rules: ['Modules you can use: tutor.'] }] });
    await fireEvent.input(secret, { target: { value: 'bob-pin-1' } });
    await fireEvent.click(screen.getByTestId('family-adopt-submit'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fakeApi.family.adopt).toHaveBeenLastCalledWith({ profile: 'p-bob', secret: 'bob-pin-1',
      policy: expect.objectContaining({ modules: ['tutor'], guardianReads: false }) });
    expect(await screen.findByTestId('family-child')).toHaveTextContent('Bob');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('family-adopt')));
  });

  it("hands a child to another guardian only with that guardian's own secret, a wrong one first", async () => {
    const sam = profile({ id: 'c1', name: 'Sam', protection: 'pin' });
    const dan = profile({ id: 'p-dan', name: 'Dan', protection: 'passphrase' });
    fakeApi.profiles.list.mockResolvedValue([ann, sam, dan]);
    fakeApi.profiles.current.mockResolvedValue(ann);
    fakeApi.profiles.keychainStatus.mockResolvedValue({ available: true, reason: '' });
    fakeApi.family.status.mockResolvedValue({ children: [{ id: 'c1', name: 'Sam', missing: false, policy, rules: [] }] });
    fakeApi.family.handover.mockRejectedValueOnce(wrong).mockResolvedValueOnce(undefined);
    renderWith(FamilyTab, {}, createStores());
    const open = await screen.findByTestId('family-handover');
    expect(open).toHaveTextContent('Hand to another guardian');
    await fireEvent.click(open);
    const dialog = await screen.findByRole('dialog', { name: 'Hand Sam to another guardian' });
    const pick = await screen.findByLabelText('Next guardian');
    await waitFor(() => expect(document.activeElement).toBe(pick));
    await waitFor(() => expect([...dialog.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Choose a profile', 'Dan']));
    await fireEvent.change(pick, { target: { value: 'p-dan' } });
    const secret = screen.getByLabelText("Dan's passphrase");
    await fireEvent.input(secret, { target: { value: 'not dans passphrase' } });
    await fireEvent.click(screen.getByTestId('family-handover-submit'));
    expect(await screen.findByRole('alert')).toHaveTextContent('That PIN, passphrase or recovery key is not right.');
    expect(document.activeElement).toBe(secret);
    expect(screen.getByTestId('family-child')).toBeInTheDocument();

    await fireEvent.input(secret, { target: { value: 'dan passphrase words' } });
    await fireEvent.click(screen.getByTestId('family-handover-submit'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fakeApi.family.handover).toHaveBeenLastCalledWith('c1', 'p-dan', 'dan passphrase words');
    await waitFor(() => expect(screen.queryByTestId('family-child')).toBeNull());
    // The card and its button are gone: focus goes to the tab's next control, not the page body.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('family-new-child')));
  });

  it('closes the hand-over dialog with Escape and gives focus back to its button', async () => {
    fakeApi.profiles.list.mockResolvedValue([ann]);
    fakeApi.profiles.current.mockResolvedValue(ann);
    fakeApi.family.status.mockResolvedValue({ children: [{ id: 'c1', name: 'Sam', missing: false, policy, rules: [] }] });
    renderWith(FamilyTab, {}, createStores());
    const open = await screen.findByTestId('family-handover');
    open.focus();
    await fireEvent.click(open);
    const dialog = await screen.findByRole('dialog');
    expect(await screen.findByText(/no other profile on this computer to hand Sam to/)).toBeInTheDocument();
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(open));
    expect(fakeApi.family.handover).not.toHaveBeenCalled();
  });
});
