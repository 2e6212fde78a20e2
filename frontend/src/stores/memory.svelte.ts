// Memory panel: one scope at a time (a module id or "shared"), search, edits with history.
import * as api from '../api';
import type { ExtractionHealth, Memory, MemoryChange, MemoryKind, Sensitivity } from '../api';

export const SHARED = 'shared';

/** The memory panel's notice when saving memories keeps failing for a module ('' when all is well). */
export function extractionNotice(h: ExtractionHealth | null, moduleName: string): string {
  if (!h?.failing) return '';
  const lead = `Hearth couldn't save memories from your last ${h.failures} messages with ${moduleName}: `;
  if (h.lastFailureKind === 'server_error')
    return lead + "the model server didn't answer in time or returned an error. Check the endpoint in Settings; you can still add memories by hand.";
  return lead + "the model's replies weren't in the expected format. Try a larger model for this module; you can still add memories by hand.";
}

export class MemoryStore {
  scope = $state('');
  query = $state('');
  items = $state<Memory[]>([]);
  counts = $state<Record<string, number>>({});
  loading = $state(false);
  history = $state<Record<string, MemoryChange[]>>({});
  /** Extraction health of the module shown (null for the shared view or when unknown). */
  health = $state<ExtractionHealth | null>(null);

  async load(scope = this.scope, query = this.query): Promise<void> {
    // Never show one scope's memories under another while the new list loads.
    if (scope !== this.scope) {
      this.items = [];
      this.health = null;
    }
    this.scope = scope;
    this.query = query;
    if (!scope) return;
    this.loading = true;
    try {
      // Health is a side note: failing to read it never hides the list.
      const health = scope === SHARED ? Promise.resolve(null) : api.memory.extractionHealth(scope).catch(() => null);
      const [items, counts, h] = await Promise.all([api.memory.list(scope, query), api.memory.counts(), health]);
      if (this.scope === scope && this.query === query) this.items = items;
      if (this.scope === scope) this.health = h ?? null;
      this.counts = counts;
    } finally {
      this.loading = false;
    }
  }

  /** The panel's notice for the module shown ('' while extraction works). */
  extractionNotice(moduleName: string): string {
    return extractionNotice(this.health, moduleName);
  }

  /** Extraction ran for moduleId: refresh what the panel shows of it (list, counts, notice). */
  onExtracted(moduleId: string): void {
    if (moduleId === this.scope) void this.load(this.scope, this.query).catch(() => {});
    else void this.loadCounts().catch(() => {});
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
    this.health = null;
  }

  #replace(u: Memory): void {
    this.items = this.items.map((x) => (x.id === u.id ? u : x));
  }

  #bump(scope: string, by: number): void {
    this.counts = { ...this.counts, [scope]: Math.max(0, (this.counts[scope] ?? 0) + by) };
  }
}
