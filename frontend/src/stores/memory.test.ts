import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../test/fakeApi')).fakeApi }));
import { fakeApi, resetFakes } from '../test/fakeApi';
import { memory as mem } from '../test/fixtures';
import { MemoryStore, extractionNotice } from './memory.svelte';
import type { ExtractionHealth } from '../api';

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

  it('refreshes the shown module after extraction ran, only counts for another', async () => {
    fakeApi.memory.list.mockClear();
    fakeApi.memory.counts.mockClear();
    fakeApi.memory.list.mockResolvedValue([mem(), mem({ id: 'mem2', text: 'Likes pears' })]);
    store.onExtracted('tutor');
    await vi.waitFor(() => expect(store.items).toHaveLength(2));
    fakeApi.memory.list.mockClear();
    store.onExtracted('kitchen');
    await vi.waitFor(() => expect(fakeApi.memory.counts).toHaveBeenCalledTimes(2));
    expect(fakeApi.memory.list).not.toHaveBeenCalled();
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

  it('loads the module\'s extraction health with the list', async () => {
    fakeApi.memory.extractionHealth.mockResolvedValue(health({ failures: 4, failing: true }));
    await store.load('kitchen', '');
    expect(fakeApi.memory.extractionHealth).toHaveBeenCalledWith('kitchen');
    expect(store.health?.failures).toBe(4);
  });

  it('asks no extraction health for the shared view, and drops the old one at once', async () => {
    fakeApi.memory.extractionHealth.mockResolvedValue(health({ failures: 3, failing: true }));
    await store.load('kitchen', '');
    expect(store.health?.failing).toBe(true);
    fakeApi.memory.extractionHealth.mockClear();
    const p = store.load('shared', '');
    expect(store.health).toBeNull();
    await p;
    expect(fakeApi.memory.extractionHealth).not.toHaveBeenCalled();
    expect(store.health).toBeNull();
  });

  it('still lists memories when the health call fails', async () => {
    fakeApi.memory.extractionHealth.mockRejectedValue(new Error('[error] internal error'));
    fakeApi.memory.list.mockResolvedValue([mem({ id: 'k1', scope: 'kitchen' })]);
    await store.load('kitchen', '');
    expect(store.items.map((m) => m.id)).toEqual(['k1']);
    expect(store.health).toBeNull();
  });

  it('a health answer for a module no longer shown is ignored', async () => {
    let resolve!: (v: ExtractionHealth) => void;
    fakeApi.memory.extractionHealth.mockReturnValueOnce(new Promise((r) => (resolve = r)));
    const p = store.load('kitchen', '');
    await store.load('tutor', '');
    resolve(health({ moduleId: 'kitchen', failures: 5, failing: true }));
    await p;
    expect(store.health?.failing ?? false).toBe(false);
  });
});

const health = (o: Partial<ExtractionHealth> = {}): ExtractionHealth => ({
  moduleId: 'kitchen', failures: 0, lastFailureKind: 'bad_reply', lastFailureAt: 1, lastSuccessAt: 0, failing: false, ...o,
});

describe('extractionNotice', () => {
  it('says nothing while extraction works or has failed fewer than 3 times', () => {
    expect(extractionNotice(null, 'Kitchen')).toBe('');
    expect(extractionNotice(health({ failures: 2 }), 'Kitchen')).toBe('');
  });

  it('names the count, the module and what to do for bad replies', () => {
    const n = extractionNotice(health({ failures: 3, failing: true }), 'Kitchen');
    expect(n).toContain('your last 3 messages with Kitchen');
    expect(n).toContain("weren't in the expected format");
    expect(n).toContain('larger model');
  });

  it('points at the server for server errors', () => {
    const n = extractionNotice(health({ failures: 7, failing: true, lastFailureKind: 'server_error' }), 'Tutor');
    expect(n).toContain('your last 7 messages with Tutor');
    expect(n).toContain('model server');
    expect(n).not.toContain('expected format');
  });
});
