import { describe, it, expect, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { createStores } from '../index.svelte';
import { fakeApi } from '../../test/fakeApi';

describe('ToastStore', () => {
  it('shows the sentence of a coded error, never the code or [object Object]', () => {
    const s = createStores();
    s.toasts.error('[not-found] That chat no longer exists.');
    s.toasts.error({});
    expect(s.toasts.items.map((t) => t.text)).toEqual(['That chat no longer exists.', 'Something went wrong. Please try again.']);
  });

  it('a [locked] error returns to the picker and clears profile data', () => {
    fakeApi.profiles.list.mockResolvedValue([]);
    const s = createStores();
    s.ui.screen = 'main';
    s.sessions.noteSession('tutor', 's1', false);
    s.toasts.error('[locked] No profile is open.');
    expect(s.ui.screen).toBe('picker');
    expect(s.sessions.of('tutor').items).toEqual([]);
    expect(s.toasts.items[0].kind).toBe('info');
  });

  it('dismiss removes a toast', () => {
    const s = createStores();
    const id = s.toasts.info('hello');
    s.toasts.dismiss(id);
    expect(s.toasts.items).toEqual([]);
  });
});
