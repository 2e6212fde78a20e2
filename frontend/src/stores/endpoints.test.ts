import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../test/fakeApi')).fakeApi }));
import { fakeApi, resetFakes } from '../test/fakeApi';
import { module } from '../test/fixtures';
import { EndpointsStore } from './endpoints.svelte';

const ep = { id: 'e1', name: 'Local', baseUrl: 'http://127.0.0.1:1/v1', defaultModel: 'm', hasApiKey: false, local: true, createdAt: 1 };

beforeEach(() => resetFakes());

describe('EndpointsStore', () => {
  it('resolves a module endpoint (default when unset) and its status from events', async () => {
    fakeApi.endpoints.list.mockResolvedValue([ep]);
    fakeApi.endpoints.status.mockResolvedValue({ e1: { online: false, state: 'unknown', message: '', checkedAt: 0, checking: true } });
    fakeApi.endpoints.default.mockResolvedValue('e1');
    const s = new EndpointsStore();
    await s.load();
    const r = s.forModule(module({ endpointId: '' }));
    expect(r.endpoint?.id).toBe('e1');
    expect(s.label(r.status)).toBe('checking');
    s.onStatus({ id: 'e1', online: false, state: 'offline', message: 'refused', checkedAt: 1, checking: false });
    expect(s.label(s.forModule(module()).status)).toBe('offline');
    s.onStatus({ id: 'e1', online: true, state: 'online', message: '', checkedAt: 1, checking: false });
    expect(s.label(s.forModule(module()).status)).toBe('online');
  });

  it('setKey records hasApiKey without keeping the key', async () => {
    const s = new EndpointsStore();
    s.list = [ep];
    await s.setKey('e1', 'sk-secret');
    expect(fakeApi.endpoints.setKey).toHaveBeenCalledWith('e1', 'sk-secret');
    expect(s.list[0].hasApiKey).toBe(true);
    expect(JSON.stringify(s.list)).not.toContain('sk-secret');
  });
});

describe('endpoint badge', () => {
  it('names each state a user can act on', async () => {
    const { EndpointsStore } = await import('./endpoints.svelte');
    const st = new EndpointsStore();
    const b = (state: string, online = false) => st.badge({ id: 'e1', online, message: '', checkedAt: 1, state: state as never, checking: false });
    expect(b('online', true)).toEqual({ tone: 'ok', text: 'Online' });
    expect(b('quota').text).toBe('Quota used up');
    expect(b('needs_key').text).toBe('Needs an API key');
    expect(b('loading').text).toBe('Loading model…');
    expect(b('bad_address').tone).toBe('bad');
    expect(st.badge(undefined).text).toBe('Checking…');
  });
});

