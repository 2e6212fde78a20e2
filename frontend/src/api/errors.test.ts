import { describe, it, expect, beforeEach } from 'vitest';
import { toApiError, ApiError, call } from './errors';
import * as api from './index';

describe('toApiError', () => {
  it('reads a code prefix', () => {
    const e = toApiError('[wrong-secret] That PIN is not right.');
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('wrong-secret');
    expect(e.message).toBe('That PIN is not right.');
  });

  it('reads the lockout seconds', () => {
    const e = toApiError('[locked-out:30] Too many wrong tries; wait 30 seconds.');
    expect(e.code).toBe('locked-out');
    expect(e.waitSeconds).toBe(30);
    expect(e.message).toBe('Too many wrong tries; wait 30 seconds.');
  });

  it('keeps a plain sentence', () => {
    const e = toApiError('The endpoint did not answer.');
    expect(e.code).toBe('unknown');
    expect(e.message).toBe('The endpoint did not answer.');
  });

  it('never says [object Object]', () => {
    for (const v of [{}, null, undefined, 42, { foo: 1 }, '']) {
      const e = toApiError(v);
      expect(e.message).not.toContain('[object');
      expect(e.message.length).toBeGreaterThan(5);
    }
    expect(toApiError(new Error('boom')).message).toBe('boom');
    expect(toApiError({ message: 'from object' }).message).toBe('from object');
  });

  it('call() rethrows rejections as ApiError', async () => {
    await expect(call(() => Promise.reject('[not-found] No such chat.'))).rejects.toMatchObject({ code: 'not-found', message: 'No such chat.' });
  });
});

describe('api bindings layer', () => {
  beforeEach(() => {
    (window as any).go = {
      api: {
        Profiles: { List: async () => null, Unlock: async () => Promise.reject('[wrong-secret] That PIN is not right.') },
        Memory: { Counts: async () => null },
        Sessions: { Messages: async () => [{ id: 'm', usedMemories: null }] },
      },
    };
  });

  it('turns nil slices and maps into empty values', async () => {
    expect(await api.profiles.list()).toEqual([]);
    expect(await api.memory.counts()).toEqual({});
    expect((await api.sessions.messages('tutor', 's'))[0].usedMemories).toEqual([]);
  });

  it('rejects with a typed ApiError', async () => {
    await expect(api.profiles.unlock('p1', '0000')).rejects.toMatchObject({ code: 'wrong-secret' });
  });
});
