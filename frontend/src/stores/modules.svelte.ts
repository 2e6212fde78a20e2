// The open profile's modules and which one is active. Switching is local and instant.
import * as api from '../api';
import type { Module } from '../api';

export function blankModule(): Module {
  return {
    id: '', name: '', icon: '✨', description: '', systemPrompt: '', endpointId: '', model: '', temperature: 0.7, reasoningEffort: '',
    policy: { useMemory: true, writeMemory: true, readShared: true },
    builtin: false, archived: false, sortOrder: 0, createdAt: 0, updatedAt: 0,
  };
}

export class ModulesStore {
  all = $state<Module[]>([]);
  activeId = $state('');
  loading = $state(false);

  get visible(): Module[] {
    return this.all.filter((m) => !m.archived).sort((a, b) => a.sortOrder - b.sortOrder);
  }

  get active(): Module | undefined {
    return this.all.find((m) => m.id === this.activeId);
  }

  byId(id: string): Module | undefined {
    return this.all.find((m) => m.id === id);
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.all = await api.modules.list(true);
      if (!this.visible.some((m) => m.id === this.activeId)) this.activeId = this.visible[0]?.id ?? '';
    } finally {
      this.loading = false;
    }
  }

  select(id: string): void {
    this.activeId = id;
  }

  async create(m: Module): Promise<Module> {
    const created = await api.modules.create(m);
    this.all = [...this.all, created];
    return created;
  }

  async update(m: Module): Promise<Module> {
    const updated = await api.modules.update(m);
    this.all = this.all.map((x) => (x.id === updated.id ? updated : x));
    return updated;
  }

  async archive(id: string, archived: boolean): Promise<void> {
    await api.modules.archive(id, archived);
    this.all = this.all.map((x) => (x.id === id ? { ...x, archived } : x));
    if (archived && this.activeId === id) this.activeId = this.visible[0]?.id ?? '';
  }

  reset(): void {
    this.all = [];
    this.activeId = '';
  }
}
