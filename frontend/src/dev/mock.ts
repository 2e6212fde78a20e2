// Dev-only fake of the Go backend (window.go.api.* + window.runtime events) for
// `npm run dev:mock` and UI screenshots. Loaded only when MODE === 'mock'.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Cb = (...a: any[]) => void;
const listeners: Record<string, Cb[]> = {};
const emit = (name: string, payload: unknown) => (listeners[name] ?? []).forEach((cb) => cb(payload));
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seq = 100;
const id = (p: string) => `${p}${++seq}`;
const now = Date.now();
const H = 3600_000;

(window as any).runtime = {
  EventsOnMultiple(name: string, cb: Cb) {
    (listeners[name] ??= []).push(cb);
    return () => (listeners[name] = listeners[name].filter((x) => x !== cb));
  },
  EventsOff(name: string) {
    delete listeners[name];
  },
  EventsEmit: emit,
};

const profiles: any[] = [
  { id: 'p1', name: 'Alice', color: '#e07a5f', emoji: '🦊', protection: 'keychain', createdAt: now - 90 * 24 * H, isOpen: false },
  { id: 'p2', name: 'Ben', color: '#4a7fc1', emoji: '🚀', protection: 'pin', createdAt: now - 60 * 24 * H, isOpen: false },
  { id: 'p3', name: 'Grandma Rose', color: '#81b29a', emoji: '🌻', protection: 'passphrase', createdAt: now - 30 * 24 * H, isOpen: false },
];
const secrets: Record<string, string> = { p1: '', p2: '1234', p3: 'correct horse' };
let open: any = null;
const failures: Record<string, number> = {};
const lockUntil: Record<string, number> = {};
let autoLock = 15;

const pol = { useMemory: true, writeMemory: true, readShared: true };
const mod = (id: string, name: string, icon: string, description: string, i: number) => ({
  id, name, icon, description, systemPrompt: `You are ${name}.`, endpointId: '', model: '', temperature: 0.7, policy: { ...pol },
  builtin: true, archived: false, sortOrder: i, createdAt: now, updatedAt: now,
});
const modules: any[] = [
  mod('tutor', 'Tutor', '🎓', 'Patient explanations for homework and curiosity.', 1),
  mod('kitchen', 'Kitchen', '🍳', 'Recipes, meal plans and shopping lists.', 2),
  mod('writer', 'Writer', '✍️', 'Drafts, edits and stories.', 3),
  mod('coder', 'Coder', '💻', 'Programming help with runnable examples.', 4),
  mod('health', 'Health', '🩺', 'Careful, private notes about wellbeing.', 5),
];

const sessions: any[] = [];
const messages: any[] = [];
function addSession(moduleId: string, title: string, ageH: number, convo: [string, string][]) {
  const s = { id: id('s'), moduleId, title, createdAt: now - ageH * H, updatedAt: now - ageH * H, temporary: false };
  sessions.push(s);
  convo.forEach(([role, content], i) =>
    messages.push(msg(s.id, moduleId, role, content, { createdAt: s.createdAt + i * 1000 })),
  );
  return s;
}
function msg(sessionId: string, moduleId: string, role: string, content: string, extra: any = {}) {
  return {
    id: id('m'), sessionId, moduleId, role, content, status: 'complete', error: '', model: role === 'assistant' ? 'llama3.2:3b' : '',
    promptTokens: 0, completionTokens: 0, usedMemories: [], heldBack: 0, createdAt: Date.now(), ...extra,
  };
}
const s1 = addSession('tutor', 'Why is the sky blue?', 2, [
  ['user', 'Why is the sky blue? Explain it for a 10-year-old.'],
  ['assistant', 'Great question! Sunlight looks white, but it is really **all the colours mixed together**.\n\n1. When sunlight enters the air, it bumps into tiny gas molecules.\n2. Blue light has short, wiggly waves, so it gets **scattered** much more than red light.\n3. That scattered blue light reaches your eyes from every direction — so the whole sky looks blue!\n\n> At sunset, light travels through more air, so most blue is scattered away and you see orange and red.'],
]);
messages[messages.length - 1].usedMemories = ['mem1'];
messages[messages.length - 1].heldBack = 1;
addSession('tutor', 'Fractions practice', 26, [['user', 'Give me 3 fraction problems'], ['assistant', '1. 1/2 + 1/4 = ?\n2. 2/3 − 1/6 = ?\n3. 3/5 × 10 = ?']]);
addSession('tutor', 'Photosynthesis summary', 80, [['user', 'Summarise photosynthesis'], ['assistant', 'Plants turn light, water and CO₂ into sugar and oxygen.']]);
addSession('coder', 'Reverse a string in Go', 5, [
  ['user', 'How do I reverse a string in Go, keeping Unicode intact?'],
  ['assistant', 'Convert to a slice of runes, swap from both ends, and convert back:\n\n```go\nfunc Reverse(s string) string {\n\tr := []rune(s)\n\tfor i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {\n\t\tr[i], r[j] = r[j], r[i]\n\t}\n\treturn string(r)\n}\n```\n\nThis keeps multi-byte characters like `é` or `🔥` whole.'],
]);
addSession('kitchen', 'Weeknight pasta ideas', 30, [['user', 'Quick pasta ideas?'], ['assistant', '- Aglio e olio\n- Pesto with peas\n- Tomato & tuna']]);
for (let i = 0; i < 4; i++) addSession('writer', `Story draft ${i + 1}`, 40 + i * 20, [['user', 'Draft'], ['assistant', 'Once upon a time…']]);

const memories: any[] = [
  { id: 'mem1', scope: 'tutor', originModule: 'tutor', text: 'Alice is in year 5 and likes space topics.', kind: 'fact', sensitivity: 'normal' },
  { id: 'mem2', scope: 'tutor', originModule: 'tutor', text: 'Prefers short explanations with numbered steps.', kind: 'preference', sensitivity: 'normal' },
  { id: 'mem3', scope: 'tutor', originModule: 'tutor', text: 'Has dyslexia; use simple fonts and short sentences.', kind: 'instruction', sensitivity: 'sensitive' },
  { id: 'mem4', scope: 'shared', originModule: 'kitchen', text: 'Vegetarian household, no nuts.', kind: 'fact', sensitivity: 'normal' },
  { id: 'mem5', scope: 'kitchen', originModule: 'kitchen', text: 'Cooks for four on weeknights.', kind: 'fact', sensitivity: 'private' },
].map((m) => ({ ...m, sourceSession: '', sourceMessage: '', createdAt: now - 5 * H, updatedAt: now - 5 * H }));
const changes: Record<string, any[]> = {};

const endpoints: any[] = [
  { id: 'e1', name: 'Ollama (this computer)', baseUrl: 'http://localhost:11434/v1', defaultModel: 'llama3.2:3b', hasApiKey: false, local: true, createdAt: now },
  { id: 'e2', name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', defaultModel: 'gpt-4o-mini', hasApiKey: true, local: false, createdAt: now },
];
let defaultEp = 'e1';
const status: Record<string, any> = { e1: { id: 'e1', online: true, state: 'online', message: 'OK', checkedAt: now, checking: false }, e2: { id: 'e2', online: false, state: 'offline', message: 'No network', checkedAt: now, checking: false } };

const reject = (s: string) => Promise.reject(s);
const need = () => (open ? null : '[locked] No profile is open.');
const turns: Record<string, { stop: boolean }> = {};

async function stream(turnId: string, sessionId: string, moduleId: string, text: string, base?: any) {
  const t = (turns[turnId] = { stop: false });
  await wait(300);
  let sent = '';
  const words = text.split(/(?<=\s)/);
  for (const w of words) {
    if (t.stop) break;
    sent += w;
    emit('chat:delta', { turnId, sessionId, text: w });
    await wait(35);
  }
  const m = base ?? msg(sessionId, moduleId, 'assistant', '', { usedMemories: moduleId === 'tutor' ? ['mem1', 'mem2'] : [], heldBack: moduleId === 'tutor' ? 1 : 0 });
  m.content = (base ? base.content : '') + sent;
  m.status = t.stop ? 'interrupted' : 'complete';
  if (!base) messages.push(m);
  emit('chat:done', { turnId, sessionId, message: { ...m } });
  const s = sessions.find((x) => x.id === sessionId);
  if (s && !s.title) {
    s.title = messages.find((x) => x.sessionId === sessionId)?.content.slice(0, 40) ?? 'Chat';
    emit('chat:title', { sessionId, title: s.title });
  }
}
const REPLY = 'Here is a quick answer.\n\n- First, **break the problem down**.\n- Then try a small example:\n\n```python\ndef add(a, b):\n    return a + b\n\nprint(add(2, 3))  # 5\n```\n\nWant me to go deeper on any step?';

const api: Record<string, Record<string, (...a: any[]) => Promise<any>>> = {
  Profiles: {
    List: async () => profiles.map((p) => ({ ...p, isOpen: open?.id === p.id })),
    KeychainStatus: async () => ({ available: true, reason: '' }),
    Create: async (r: any) => {
      await wait(400);
      const p = { id: id('p'), name: r.name, color: r.color, emoji: r.emoji, protection: r.protection, createdAt: Date.now(), isOpen: false };
      profiles.push(p);
      secrets[p.id] = r.secret;
      return { profile: p, recoveryKey: 'HEARTH-7K2Q-M9XD-4RTA-P8WZ-3NVC-6HJE-B5UF' };
    },
    Unlock: async (pid: string, secret: string) => {
      await wait(250);
      const until = lockUntil[pid] ?? 0;
      if (Date.now() < until) return reject(`[locked-out:${Math.ceil((until - Date.now()) / 1000)}] Too many wrong tries; wait a moment.`);
      if (secrets[pid] !== secret) {
        failures[pid] = (failures[pid] ?? 0) + 1;
        if (failures[pid] >= 3) lockUntil[pid] = Date.now() + 5000 * 2 ** (failures[pid] - 3);
        return reject('[wrong-secret] That PIN is not right.');
      }
      failures[pid] = 0;
      open = profiles.find((p) => p.id === pid);
      return { ...open, isOpen: true };
    },
    UnlockWithRecovery: async (pid: string) => {
      open = profiles.find((p) => p.id === pid);
      return { profile: open, canRestoreKeychain: true };
    },
    RestoreKeychain: async (_pin: string) => undefined,
    Lockout: async (pid: string) => ({ failures: failures[pid] ?? 0, waitSeconds: Math.max(0, Math.ceil(((lockUntil[pid] ?? 0) - Date.now()) / 1000)) }),
    Lock: async () => { open = null; emit('profile:locked', { reason: 'user' }); },
    Current: async () => open,
    Rename: async (name: string) => Object.assign(open, { name }),
    ChangeProtection: async (mode: string) => Object.assign(open, { protection: mode }),
    GetAutoLock: async () => autoLock,
    SetAutoLock: async (m: number) => { autoLock = m; },
    Delete: async (name: string) => {
      if (name !== open?.name) return reject('The name does not match.');
      const p = open;
      profiles.splice(profiles.indexOf(p), 1);
      open = null;
      return { profileName: p.name, removedFiles: [`profiles/${p.id}/hearth.db`, `profiles/${p.id}/keyslots.json`], removedKeychainItems: [`Hearth/profile/${p.id}`] };
    },
    Touch: async () => undefined,
    ImportAsNew: async (r: any) => {
      if (r.path.endsWith('.hearth') && r.passphrase !== 'correct horse') return reject('[wrong-secret] That backup passphrase is not right.');
      for (let i = 0; i <= 10; i++) { emit('export:progress', { done: i * 12, total: 120 }); await wait(120); }
      const p = { id: id('p'), name: r.name, color: r.color, emoji: r.emoji, protection: r.protection, createdAt: Date.now(), isOpen: true };
      profiles.push(p);
      secrets[p.id] = r.secret;
      open = p;
      return { profile: p, recoveryKey: 'HEARTH-7K2Q-M9XD-4RTA-P8WZ-3NVC-6HJE-B5UF', imported: { modules: 5, sessions: 9, messages: 120, memories: 5 } };
    },
  },
  Modules: {
    List: async () => (need() ? reject(need()!) : modules),
    Create: async (m: any) => { const x = { ...m, builtin: false, sortOrder: modules.length + 1, createdAt: Date.now(), updatedAt: Date.now() }; modules.push(x); return x; },
    Update: async (m: any) => { const i = modules.findIndex((x) => x.id === m.id); modules[i] = { ...m, updatedAt: Date.now() }; return modules[i]; },
    Archive: async (mid: string, a: boolean) => { modules.find((x) => x.id === mid).archived = a; },
  },
  Sessions: {
    List: async (mid: string, limit: number, offset: number) => {
      await wait(120);
      return sessions.filter((s) => s.moduleId === mid).sort((a, b) => b.updatedAt - a.updatedAt).slice(offset, offset + limit);
    },
    Create: async (mid: string) => { const s = { id: id('s'), moduleId: mid, title: '', createdAt: Date.now(), updatedAt: Date.now(), temporary: false }; sessions.push(s); return s; },
    Rename: async (_m: string, sid: string, title: string) => { sessions.find((s) => s.id === sid).title = title; },
    Delete: async (_m: string, sid: string) => { sessions.splice(sessions.findIndex((s) => s.id === sid), 1); },
    Messages: async (mid: string, sid: string) => { await wait(100); return messages.filter((m) => m.sessionId === sid && m.moduleId === mid); },
    Search: async (q: string, mid: string) => {
      await wait(150);
      const re = new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
      return messages
        .filter((m) => (!mid || m.moduleId === mid) && re.test(m.content))
        .map((m) => {
          const sess = sessions.find((s) => s.id === m.sessionId);
          return { sessionId: m.sessionId, sessionTitle: sess?.title ?? '', moduleId: m.moduleId, messageId: m.id, role: m.role,
            snippet: m.content.slice(0, 160).replace(re, (x: string) => `\u0002${x}\u0003`), score: 1, createdAt: m.createdAt };
        });
    },
  },
  Chat: {
    Send: async (r: any) => {
      let sid = r.sessionId;
      if (!sid) {
        const s = { id: id('s'), moduleId: r.moduleId, title: '', createdAt: Date.now(), updatedAt: Date.now(), temporary: r.temporary };
        sessions.push(s);
        sid = s.id;
      }
      const um = msg(sid, r.moduleId, 'user', r.text);
      messages.push(um);
      const turnId = id('t');
      stream(turnId, sid, r.moduleId, r.moduleId === 'kitchen' && /fail/i.test(r.text) ? '' : REPLY);
      return { turnId, sessionId: sid, userMessage: um };
    },
    Stop: async (t: string) => { if (turns[t]) turns[t].stop = true; },
    Regenerate: async (mid: string, sid: string) => {
      const list = messages.filter((m) => m.sessionId === sid);
      const last = list[list.length - 1];
      if (last?.role === 'assistant') messages.splice(messages.indexOf(last), 1);
      const turnId = id('t');
      stream(turnId, sid, mid, REPLY);
      return { turnId, sessionId: sid };
    },
    Continue: async (mid: string, sid: string) => {
      const list = messages.filter((m) => m.sessionId === sid);
      const turnId = id('t');
      stream(turnId, sid, mid, ' …and that is the rest of the answer.', list[list.length - 1]);
      return { turnId, sessionId: sid };
    },
    UsedMemories: async (_m: string, mid: string) => {
      const m = messages.find((x) => x.id === mid);
      return memories.filter((x) => m?.usedMemories.includes(x.id));
    },
  },
  Memory: {
    List: async (scope: string, q: string) => { await wait(80); return memories.filter((m) => m.scope === scope && (!q || m.text.toLowerCase().includes(q.toLowerCase()))); },
    Add: async (scope: string, text: string, kind: string, sensitivity: string) => {
      const m = { id: id('mem'), scope, originModule: scope, text, kind, sensitivity, sourceSession: '', sourceMessage: '', createdAt: Date.now(), updatedAt: Date.now() };
      memories.unshift(m);
      (changes[m.id] ??= []).push({ seq: ++seq, memoryId: m.id, action: 'add', oldText: '', newText: text, oldScope: '', newScope: scope, at: Date.now() });
      return m;
    },
    Update: async (_s: string, mid: string, text: string, kind: string, sensitivity: string) => {
      const m = memories.find((x) => x.id === mid);
      (changes[mid] ??= []).push({ seq: ++seq, memoryId: mid, action: 'edit', oldText: m.text, newText: text, oldScope: m.scope, newScope: m.scope, at: Date.now() });
      return Object.assign(m, { text, kind, sensitivity, updatedAt: Date.now() });
    },
    Forget: async (_s: string, mid: string) => { memories.splice(memories.findIndex((x) => x.id === mid), 1); },
    Share: async (_m: string, mid: string) => Object.assign(memories.find((x) => x.id === mid), { scope: 'shared' }),
    Unshare: async (mid: string) => { const m = memories.find((x) => x.id === mid); return Object.assign(m, { scope: m.originModule }); },
    History: async (_s: string, mid: string) => [...(changes[mid] ?? [])].reverse(),
    Undo: async (_s: string, mid: string) => {
      const m = memories.find((x) => x.id === mid);
      const c = changes[mid]?.pop();
      if (c?.action === 'edit') m.text = c.oldText;
      return m;
    },
    Counts: async () => memories.reduce((a: any, m) => ((a[m.scope] = (a[m.scope] ?? 0) + 1), a), {}),
    ForgetModule: async (mid: string) => { for (let i = memories.length - 1; i >= 0; i--) if (memories[i].scope === mid) memories.splice(i, 1); },
    ForgetAll: async () => { memories.length = 0; },
    ExtractionHealth: async (mid: string) => ({ moduleId: mid, failures: 0, lastFailureKind: '', lastFailureAt: 0, lastSuccessAt: 0, failing: false }),
  },
  Endpoints: {
    List: async () => endpoints,
    Suggestions: async () => [
      { name: 'Ollama', baseUrl: 'http://localhost:11434/v1', local: true, needKey: false },
      { name: 'LM Studio', baseUrl: 'http://localhost:1234/v1', local: true, needKey: false },
      { name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', local: false, needKey: true },
    ],
    Add: async (name: string, baseUrl: string, defaultModel: string, key: string) => {
      const e = { id: id('e'), name, baseUrl, defaultModel, hasApiKey: !!key, local: baseUrl.includes('localhost'), createdAt: Date.now() };
      endpoints.push(e);
      return e;
    },
    SetKey: async () => undefined,
    Remove: async (eid: string) => { endpoints.splice(endpoints.findIndex((e) => e.id === eid), 1); },
    Update: async (eid: string, name: string, baseUrl: string, defaultModel: string) => Object.assign(endpoints.find((e) => e.id === eid), { name, baseUrl, defaultModel }),
    Test: async (eid: string) => { await wait(500); return status[eid]?.online ? { ok: true, message: 'Connected in 42 ms.', models: ['llama3.2:3b', 'qwen2.5:7b', 'mistral:7b'] } : { ok: false, message: 'Could not reach the server: connection refused.', models: [] }; },
    Models: async () => ['llama3.2:3b', 'qwen2.5:7b', 'mistral:7b'],
    Status: async () => Object.values(status),
    SetDefault: async (eid: string) => { defaultEp = eid; },
    Default: async () => defaultEp,
  },
  Data: {
    ChooseExportFile: async (f: string) => `/home/alice/Documents/hearth-backup.${f}`,
    Export: async (r: any) => {
      for (let i = 0; i <= 10; i++) { emit('export:progress', { done: i * 12, total: 120 }); await wait(120); }
      return { path: r.path, sessions: 9, messages: 120, memories: 5, bytes: 48213 };
    },
    ChooseImportFile: async () => '/home/alice/Downloads/old.hearth',
    ImportInto: async () => { await wait(600); return { modules: 1, sessions: 3, messages: 24, memories: 2 }; },
    NeedsPassphrase: async (path: string) => path.endsWith('.hearth'),
    ImportChatGPT: async (_path: string, mid: string) => {
      await wait(600);
      addSession(mid, 'Imported from ChatGPT', 1, [['user', 'Hello from ChatGPT'], ['assistant', 'Hi!']]);
      return { modules: 0, sessions: 1, messages: 2, memories: 0 };
    },
  },
  System: {
    Version: async () => 'v0.1.0-dev (mock)',
    Doctor: async () => [{ name: 'keychain', ok: true, skip: false, detail: 'Secret Service' }],
    UIReady: async (screen: string, detail: string) => console.debug('ui ready', screen, detail),
  },
};

(window as any).go = { api };
export {};
