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
