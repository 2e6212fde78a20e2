import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent, waitFor } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { module, message } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import { createStores } from '../../stores/index.svelte';
import Composer from './Composer.svelte';

function setup() {
  const stores = createStores();
  stores.modules.all = [module()];
  stores.modules.activeId = 'tutor';
  stores.chat.moduleId = 'tutor';
  return renderWith(Composer, {}, stores);
}

beforeEach(() => {
  resetFakes();
  fakeApi.chat.send.mockResolvedValue({ turnId: 't1', sessionId: 's1', userMessage: message() });
});

describe('Composer', () => {
  it('Enter sends, Shift+Enter does not', async () => {
    setup();
    const box = screen.getByTestId('composer');
    await fireEvent.input(box, { target: { value: 'hello' } });
    await fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(fakeApi.chat.send).not.toHaveBeenCalled();
    await fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(fakeApi.chat.send).toHaveBeenCalledWith({ moduleId: 'tutor', sessionId: '', temporary: false, text: 'hello' }));
  });

  it('shows Stop while streaming and Esc stops', async () => {
    const { stores } = setup();
    await fireEvent.input(screen.getByTestId('composer'), { target: { value: 'hello' } });
    await fireEvent.click(screen.getByTestId('send'));
    const stop = await screen.findByTestId('stop');
    expect(stores.chat.streaming?.turnId).toBe('t1');
    await fireEvent.keyDown(screen.getByTestId('composer'), { key: 'Escape' });
    expect(fakeApi.chat.stop).toHaveBeenCalledWith('t1');
    expect(stop).toBeInTheDocument();
  });

  it('offers the temporary toggle for a new chat', async () => {
    const { stores } = setup();
    await fireEvent.click(screen.getByTestId('temporary-toggle'));
    expect(stores.chat.temporary).toBe(true);
  });

  it('keeps the text and toasts a clear error when sending fails', async () => {
    fakeApi.chat.send.mockRejectedValueOnce('[offline] The endpoint is offline.');
    const { stores } = setup();
    await fireEvent.input(screen.getByTestId('composer'), { target: { value: 'hello' } });
    await fireEvent.click(screen.getByTestId('send'));
    await waitFor(() => expect(stores.toasts.items[0]?.text).toBe('The endpoint is offline.'));
    expect(screen.getByTestId('composer')).toHaveValue('hello');
  });
  it('offers no temporary chat to a child whose family rules turn it off', () => {
    const stores = createStores();
    stores.modules.all = [module()];
    stores.modules.activeId = 'tutor';
    stores.chat.moduleId = 'tutor';
    const policy = { modules: ['tutor'], endpoints: [], models: [], memory: false, quiet: '', daily: 0, instruction: '', temporary: true, guardianReads: false };
    stores.family.rules = { guardianName: 'Mum', policy, rules: [], sentToday: 0 };
    const first = renderWith(Composer, {}, stores);
    expect(screen.getByTestId('temporary-toggle')).toBeInTheDocument();
    first.unmount();
    stores.family.rules = { guardianName: 'Mum', policy: { ...policy, temporary: false }, rules: [], sentToday: 0 };
    renderWith(Composer, {}, stores);
    expect(screen.queryByTestId('temporary-toggle')).toBeNull();
  });
});
