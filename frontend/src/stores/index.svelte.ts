// Builds every store, wires backend events to them, and handles unlock/lock transitions.
import { getContext, setContext } from 'svelte';
import { EV, on } from '../api';
import { ProfilesStore } from './profiles.svelte';
import { ModulesStore } from './modules.svelte';
import { SessionsStore } from './sessions.svelte';
import { ChatStore } from './chat.svelte';
import { MemoryStore } from './memory.svelte';
import { EndpointsStore } from './endpoints.svelte';
import { DataStore } from './data.svelte';
import { FamilyStore } from './family.svelte';
import { EmbeddingStore } from './embedding.svelte';
import { DocumentsStore } from './documents.svelte';
import { ToastStore } from './ui/toasts.svelte';
import { UiStore } from './ui/ui.svelte';

export interface Stores {
  ui: UiStore;
  toasts: ToastStore;
  profiles: ProfilesStore;
  modules: ModulesStore;
  sessions: SessionsStore;
  chat: ChatStore;
  memory: MemoryStore;
  endpoints: EndpointsStore;
  data: DataStore;
  family: FamilyStore;
  embedding: EmbeddingStore;
  documents: DocumentsStore;
}

export function createStores(): Stores {
  const sessions = new SessionsStore();
  const s: Stores = {
    ui: new UiStore(),
    toasts: new ToastStore(),
    profiles: new ProfilesStore(),
    modules: new ModulesStore(),
    sessions,
    chat: new ChatStore(sessions),
    memory: new MemoryStore(),
    endpoints: new EndpointsStore(),
    data: new DataStore(),
    family: new FamilyStore(),
    embedding: new EmbeddingStore(),
    documents: new DocumentsStore(),
  };
  s.toasts.onLocked = () => {
    if (s.ui.screen === 'main') afterLock(s);
  };
  return s;
}

const KEY = Symbol('hearth-stores');
export const STORES_KEY = KEY;

export function provideStores(s: Stores): void {
  setContext(KEY, s);
}

export function useStores(): Stores {
  const s = getContext<Stores | undefined>(KEY);
  if (!s) throw new Error('stores not provided');
  return s;
}

/** Subscribes the stores to backend events; returns the unsubscribe. */
export function wireEvents(s: Stores): () => void {
  const offs = [
    on(EV.chatDelta, (p) => s.chat.onDelta(p)),
    on(EV.chatWait, (p) => s.chat.onWait(p)),
    on(EV.memoryExtracted, (p) => s.memory.onExtracted(p.moduleId)),
    on(EV.profileNotice, (p) => s.toasts.push(p.kind === 'damaged' ? 'error' : 'info', p.text, 0)),
    on(EV.chatDone, (p) => s.chat.onDone(p)),
    on(EV.chatError, (p) => s.chat.onError(p)),
    on(EV.chatTitle, (p) => s.chat.onTitle(p)),
    on(EV.exportProgress, (p) => {
      // Export, import into, and import as a new profile all report on this one event.
      s.data.onProgress(p);
      s.profiles.onImportProgress(p);
    }),
    on(EV.endpointStatus, (p) => s.endpoints.onStatus(p)),
    on(EV.profileLocked, (p) => {
      // A delete locks first; its own flow shows the removal report, then the picker.
      // A key rotation locks, rewrites and reopens the profile; its own flow shows the new recovery key.
      if (s.profiles.current && p.reason !== 'delete' && p.reason !== 'rotate') {
        afterLock(s);
        if (p.reason === 'idle') s.toasts.info('Locked after a period of inactivity.');
      }
    }),
  ];
  return () => offs.forEach((off) => off());
}

/** Loads what the main window needs once a profile is open. */
export async function afterUnlock(s: Stores): Promise<void> {
  s.ui.screen = 'main';
  s.ui.overlay = 'none';
  await Promise.all([s.modules.load(), s.endpoints.load().catch((e) => s.toasts.error(e)), s.profiles.loadAutoLock().catch(() => {}), s.family.load().catch(() => {})]);
  const mid = s.modules.activeId;
  if (mid) await openModule(s, mid);
}

/** Switches module: instant from cache, refreshed in the background. */
export async function openModule(s: Stores, moduleId: string): Promise<void> {
  s.modules.select(moduleId);
  const sid = s.sessions.activeId(moduleId);
  const tasks: Promise<unknown>[] = [s.chat.open(moduleId, sid)];
  tasks.push(s.sessions.load(moduleId));
  if (s.ui.memoryOpen && s.memory.scope !== 'shared') tasks.push(s.memory.load(moduleId, ''));
  else tasks.push(s.memory.loadCounts());
  const results = await Promise.allSettled(tasks);
  for (const r of results) if (r.status === 'rejected') s.toasts.error(r.reason);
}

/** Starts a new draft chat in the active module (the session is created on first send). */
export function newDraft(s: Stores): void {
  const mid = s.modules.activeId;
  if (!mid) return;
  s.sessions.setActive(mid, '');
  s.chat.temporary = false;
  s.chat.open(mid, '');
  requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="composer"]')?.focus());
}

/** Clears every trace of the closed profile from memory and returns to the picker. */
export function afterLock(s: Stores): void {
  s.profiles.markLocked();
  s.modules.reset();
  s.sessions.reset();
  s.chat.reset();
  s.memory.reset();
  s.endpoints.reset();
  s.data.reset();
  s.family.reset();
  s.embedding.reset();
  s.documents.reset();
  s.ui.overlay = 'none';
  s.ui.memoryOpen = false;
  s.ui.screen = 'picker';
  s.profiles.load().catch((e) => s.toasts.error(e));
}
