import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../test/fakeApi')).fakeApi }));
import { fakeApi, resetFakes } from '../test/fakeApi';
import { memory as mem } from '../test/fixtures';
import { MemoryStore } from './memory.svelte';

let store: MemoryStore;
beforeEach(async () => {
  resetFakes();
  store = new MemoryStore();
  fakeApi.memory.list.mockResolvedValue([mem()]);
  fakeApi.memory.counts.mockResolvedValue({ tutor: 1 });
  await store.load('tutor', '');
});

describe('MemoryStore', () => {
  it('loads one scope with counts', () => {
    expect(fakeApi.memory.list).toHaveBeenCalledWith('tutor', '');
    expect(store.items).toHaveLength(1);
    expect(store.counts.tutor).toBe(1);
  });

  it('add puts the memory first and bumps the count', async () => {
    fakeApi.memory.add.mockResolvedValue(mem({ id: 'mem2', text: 'Bedtime 8pm' }));
    await store.add('  Bedtime 8pm ', 'fact', 'private');
    expect(fakeApi.memory.add).toHaveBeenCalledWith('tutor', 'Bedtime 8pm', 'fact', 'private');
    expect(store.items[0].id).toBe('mem2');
    expect(store.counts.tutor).toBe(2);
  });

  it('update then undo restores the text', async () => {
    fakeApi.memory.update.mockResolvedValue(mem({ text: 'Loves space' }));
    await store.update(store.items[0], 'Loves space', 'fact', 'normal');
    expect(store.items[0].text).toBe('Loves space');
    fakeApi.memory.undo.mockResolvedValue(mem({ text: 'Likes space' }));
    await store.undo(store.items[0]);
    expect(fakeApi.memory.undo).toHaveBeenCalledWith('tutor', 'mem1');
    expect(store.items[0].text).toBe('Likes space');
  });

  it('sharing moves the memory out of the module view', async () => {
    fakeApi.memory.share.mockResolvedValue(mem({ scope: 'shared' }));
    await store.toggleShare(store.items[0], 'tutor');
    expect(fakeApi.memory.share).toHaveBeenCalledWith('tutor', 'mem1');
    expect(store.items).toHaveLength(0);
    expect(store.counts).toMatchObject({ tutor: 0, shared: 1 });
  });

  it('unshares from the shared view', async () => {
    fakeApi.memory.list.mockResolvedValue([mem({ scope: 'shared' })]);
    await store.load('shared', '');
    fakeApi.memory.unshare.mockResolvedValue(mem({ scope: 'tutor' }));
    await store.toggleShare(store.items[0], 'tutor');
    expect(fakeApi.memory.unshare).toHaveBeenCalledWith('mem1');
  });

  it('switching scope clears the old list at once', async () => {
    let resolve!: (v: unknown) => void;
    fakeApi.memory.list.mockReturnValueOnce(new Promise((r) => (resolve = r)));
    const p = store.load('kitchen', '');
    expect(store.items).toEqual([]);
    resolve([mem({ id: 'k1', scope: 'kitchen' })]);
    await p;
    expect(store.items.map((m) => m.id)).toEqual(['k1']);
  });

  it('forget removes it', async () => {
    await store.forget(store.items[0]);
    expect(fakeApi.memory.forget).toHaveBeenCalledWith('tutor', 'mem1');
    expect(store.items).toHaveLength(0);
  });
});
