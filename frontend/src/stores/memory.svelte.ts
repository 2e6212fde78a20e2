// Memory panel: one scope at a time (a module id or "shared"), search, edits with history.
import * as api from '../api';
import type { Memory, MemoryChange, MemoryKind, Sensitivity } from '../api';

export const SHARED = 'shared';

export class MemoryStore {
  scope = $state('');
  query = $state('');
  items = $state<Memory[]>([]);
  counts = $state<Record<string, number>>({});
  loading = $state(false);
  history = $state<Record<string, MemoryChange[]>>({});

  async load(scope = this.scope, query = this.query): Promise<void> {
    // Never show one scope's memories under another while the new list loads.
    if (scope !== this.scope) this.items = [];
    this.scope = scope;
    this.query = query;
    if (!scope) return;
    this.loading = true;
    try {
      const [items, counts] = await Promise.all([api.memory.list(scope, query), api.memory.counts()]);
      if (this.scope === scope && this.query === query) this.items = items;
      this.counts = counts;
    } finally {
      this.loading = false;
    }
  }

  async loadCounts(): Promise<void> {
    this.counts = await api.memory.counts();
  }

  async add(text: string, kind: MemoryKind, sensitivity: Sensitivity): Promise<Memory> {
    const m = await api.memory.add(this.scope, text.trim(), kind, sensitivity);
    this.items = [m, ...this.items];
    this.#bump(this.scope, 1);
    return m;
  }

  async update(m: Memory, text: string, kind: MemoryKind, sensitivity: Sensitivity): Promise<Memory> {
    const u = await api.memory.update(m.scope, m.id, text.trim(), kind, sensitivity);
    this.#replace(u);
    delete this.history[m.id];
    return u;
  }

  async forget(m: Memory): Promise<void> {
    await api.memory.forget(m.scope, m.id);
    this.items = this.items.filter((x) => x.id !== m.id);
    this.#bump(m.scope, -1);
  }

  /** Shared memories become module-only again; module memories become shared with every module. */
  async toggleShare(m: Memory, moduleId: string): Promise<Memory> {
    const u = m.scope === SHARED ? await api.memory.unshare(m.id) : await api.memory.share(moduleId, m.id);
    this.#bump(m.scope, -1);
    this.#bump(u.scope, 1);
    // It left this scope unless we are looking at the scope it landed in.
    if (u.scope === this.scope) this.#replace(u);
    else this.items = this.items.filter((x) => x.id !== m.id);
    return u;
  }

  async loadHistory(m: Memory): Promise<MemoryChange[]> {
    const h = await api.memory.history(m.scope, m.id);
    this.history[m.id] = h;
    return h;
  }

  async undo(m: Memory): Promise<Memory> {
    const u = await api.memory.undo(m.scope, m.id);
    this.#replace(u);
    if (this.history[m.id]) await this.loadHistory(u);
    return u;
  }

  async forgetModule(moduleId: string): Promise<void> {
    await api.memory.forgetModule(moduleId);
    if (this.scope === moduleId) this.items = [];
    await this.loadCounts();
  }

  async forgetAll(): Promise<void> {
    await api.memory.forgetAll();
    this.items = [];
    await this.loadCounts();
  }

  reset(): void {
    this.scope = '';
    this.query = '';
    this.items = [];
    this.counts = {};
    this.history = {};
  }

  #replace(u: Memory): void {
    this.items = this.items.map((x) => (x.id === u.id ? u : x));
  }

  #bump(scope: string, by: number): void {
    this.counts = { ...this.counts, [scope]: Math.max(0, (this.counts[scope] ?? 0) + by) };
  }
}
