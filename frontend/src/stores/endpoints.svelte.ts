// LLM endpoints of the open profile, their online status and models. Keys go in, never come out.
import * as api from '../api';
import type { Endpoint, EndpointStatus, EndpointSuggestion, EndpointTest, Module, EventPayloads } from '../api';

export class EndpointsStore {
  list = $state<Endpoint[]>([]);
  status = $state<Record<string, EndpointStatus>>({});
  defaultId = $state('');
  suggestions = $state<EndpointSuggestion[]>([]);
  models = $state<Record<string, string[]>>({});
  loading = $state(false);

  async load(): Promise<void> {
    this.loading = true;
    try {
      const [list, status, def] = await Promise.all([api.endpoints.list(), api.endpoints.status(), api.endpoints.default()]);
      this.list = list;
      this.status = status;
      this.defaultId = def;
    } finally {
      this.loading = false;
    }
  }

  async loadSuggestions(): Promise<void> {
    this.suggestions = await api.endpoints.suggestions();
  }

  byId(id: string): Endpoint | undefined {
    return this.list.find((e) => e.id === id);
  }

  /** The endpoint a module talks to ("" = the profile default) and its status. */
  forModule(m: Module | undefined): { endpoint?: Endpoint; status?: EndpointStatus } {
    const id = m?.endpointId || this.defaultId;
    return { endpoint: this.byId(id), status: this.status[id] };
  }

  async add(name: string, baseUrl: string, defaultModel: string, apiKey: string): Promise<Endpoint> {
    const e = await api.endpoints.add(name.trim(), baseUrl.trim(), defaultModel.trim(), apiKey);
    this.list = [...this.list, e];
    if (!this.defaultId) this.defaultId = await api.endpoints.default();
    return e;
  }

  async update(id: string, name: string, baseUrl: string, defaultModel: string): Promise<void> {
    const e = await api.endpoints.update(id, name.trim(), baseUrl.trim(), defaultModel.trim());
    this.list = this.list.map((x) => (x.id === id ? e : x));
  }

  async setKey(id: string, apiKey: string): Promise<void> {
    await api.endpoints.setKey(id, apiKey);
    this.list = this.list.map((x) => (x.id === id ? { ...x, hasApiKey: apiKey !== '' } : x));
  }

  async remove(id: string): Promise<void> {
    await api.endpoints.remove(id);
    this.list = this.list.filter((x) => x.id !== id);
    if (this.defaultId === id) this.defaultId = await api.endpoints.default();
  }

  async test(id: string): Promise<EndpointTest> {
    const r = await api.endpoints.test(id);
    if (r.ok) this.models[id] = r.models;
    this.status[id] = { id, online: r.ok, message: r.message, checkedAt: Date.now(), state: r.state || (r.ok ? 'online' : 'offline'), checking: false };
    return r;
  }

  async loadModels(id: string): Promise<string[]> {
    const list = await api.endpoints.models(id);
    this.models[id] = list;
    return list;
  }

  async setDefault(id: string): Promise<void> {
    await api.endpoints.setDefault(id);
    this.defaultId = id;
  }

  onStatus(p: EventPayloads['endpoint:status']): void {
    this.status[p.id] = { ...p, checkedAt: p.checkedAt || Date.now() };
  }

  /** "online" | "offline" | "checking" for a badge. */
  label(st: EndpointStatus | undefined): 'online' | 'offline' | 'checking' {
    if (!st || st.checking || st.state === 'unknown') return st?.online ? 'online' : 'checking';
    return st.online ? 'online' : 'offline';
  }

  /** The badge for a status: one state the user can act on, in a word or two. */
  badge(st: EndpointStatus | undefined): { tone: 'ok' | 'bad' | 'warn' | ''; text: string } {
    if (!st || st.state === 'unknown' || (st.checking && !st.checkedAt)) return { tone: '', text: 'Checking…' };
    return STATE_BADGES[st.state ?? (st.online ? 'online' : 'offline')] ?? (st.online ? STATE_BADGES.online : STATE_BADGES.offline);
  }

  reset(): void {
    this.list = [];
    this.status = {};
    this.defaultId = '';
    this.models = {};
  }
}

/** Badge words per backend state (llm.State* in Go). */
const STATE_BADGES: Record<string, { tone: 'ok' | 'bad' | 'warn' | ''; text: string }> = {
  online: { tone: 'ok', text: 'Online' },
  offline: { tone: 'bad', text: 'Offline' },
  needs_key: { tone: 'warn', text: 'Needs an API key' },
  key_refused: { tone: 'bad', text: 'Key refused' },
  model_missing: { tone: 'warn', text: 'Model missing' },
  quota: { tone: 'bad', text: 'Quota used up' },
  loading: { tone: 'warn', text: 'Loading model…' },
  rate_limited: { tone: 'warn', text: 'Rate-limited' },
  server_error: { tone: 'warn', text: 'Server error' },
  bad_address: { tone: 'bad', text: 'Wrong address' },
};
