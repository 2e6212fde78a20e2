// Sessions per module (cached so switching modules is instant), paging, and search.
import * as api from '../api';
import type { Session, Hit } from '../api';

export const PAGE = 30;

interface ModuleSessions { items: Session[]; hasMore: boolean; loading: boolean; loaded: boolean }

export class SessionsStore {
  byModule = $state<Record<string, ModuleSessions>>({});
  /** Last open session per module; "" means a fresh draft chat. */
  activeByModule = $state<Record<string, string>>({});
  hits = $state<Hit[]>([]);
  searching = $state(false);
  lastQuery = $state('');

  of(moduleId: string): ModuleSessions {
    return this.byModule[moduleId] ?? { items: [], hasMore: false, loading: false, loaded: false };
  }

  activeId(moduleId: string): string {
    return this.activeByModule[moduleId] ?? '';
  }

  find(sessionId: string): Session | undefined {
    for (const m of Object.values(this.byModule)) {
      const s = m.items.find((x) => x.id === sessionId);
      if (s) return s;
    }
    return undefined;
  }

  setActive(moduleId: string, sessionId: string): void {
    this.activeByModule[moduleId] = sessionId;
  }

  /** Loads the first page, or the next one with more=true. */
  async load(moduleId: string, more = false): Promise<void> {
    const cur = this.of(moduleId);
    this.byModule[moduleId] = { ...cur, loading: true };
    try {
      const offset = more ? cur.items.length : 0;
      const page = await api.sessions.list(moduleId, PAGE, offset);
      const items = more ? [...cur.items, ...page.filter((s) => !cur.items.some((x) => x.id === s.id))] : page;
      this.byModule[moduleId] = { items, hasMore: page.length === PAGE, loading: false, loaded: true };
    } catch (e) {
      this.byModule[moduleId] = { ...this.of(moduleId), loading: false };
      throw e;
    }
  }

  async create(moduleId: string): Promise<Session> {
    const s = await api.sessions.create(moduleId);
    this.#insert(s);
    this.setActive(moduleId, s.id);
    return s;
  }

  async rename(moduleId: string, sessionId: string, title: string): Promise<void> {
    await api.sessions.rename(moduleId, sessionId, title);
    this.setTitle(sessionId, title);
  }

  async delete(moduleId: string, sessionId: string): Promise<void> {
    await api.sessions.delete(moduleId, sessionId);
    const cur = this.of(moduleId);
    this.byModule[moduleId] = { ...cur, items: cur.items.filter((s) => s.id !== sessionId) };
    if (this.activeId(moduleId) === sessionId) this.setActive(moduleId, '');
  }

  /** A send created a session on the backend: show it at the top. */
  noteSession(moduleId: string, sessionId: string, temporary: boolean): void {
    if (this.of(moduleId).items.some((s) => s.id === sessionId)) {
      this.#touch(moduleId, sessionId);
      return;
    }
    const now = Date.now();
    this.#insert({ id: sessionId, moduleId, title: '', createdAt: now, updatedAt: now, temporary });
  }

  setTitle(sessionId: string, title: string): void {
    for (const [mid, m] of Object.entries(this.byModule)) {
      if (m.items.some((s) => s.id === sessionId)) {
        this.byModule[mid] = { ...m, items: m.items.map((s) => (s.id === sessionId ? { ...s, title } : s)) };
      }
    }
  }

  async search(query: string, moduleId = ''): Promise<void> {
    this.lastQuery = query;
    if (!query.trim()) {
      this.hits = [];
      return;
    }
    this.searching = true;
    try {
      const hits = await api.sessions.search(query, moduleId);
      if (this.lastQuery === query) this.hits = hits; // drop stale answers
    } finally {
      if (this.lastQuery === query) this.searching = false;
    }
  }

  reset(): void {
    this.byModule = {};
    this.activeByModule = {};
    this.hits = [];
    this.lastQuery = '';
  }

  #insert(s: Session): void {
    const cur = this.of(s.moduleId);
    this.byModule[s.moduleId] = { ...cur, loaded: true, items: [s, ...cur.items.filter((x) => x.id !== s.id)] };
  }

  #touch(moduleId: string, sessionId: string): void {
    const cur = this.of(moduleId);
    const s = cur.items.find((x) => x.id === sessionId);
    if (!s) return;
    this.byModule[moduleId] = { ...cur, items: [{ ...s, updatedAt: Date.now() }, ...cur.items.filter((x) => x.id !== sessionId)] };
  }
}
