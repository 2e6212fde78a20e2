// A vi.fn() for every api/ method. Tests mock '../api' with these:
//   vi.mock('../api', async (orig) => ({ ...(await orig()), ...(await import('../test/fakeApi')).fakeApi }));
import { vi } from 'vitest';

const f = () => vi.fn(async (..._a: any[]): Promise<any> => undefined);

export const fakeApi = {
  profiles: {
    list: f(), keychainStatus: f(), create: f(), unlock: f(), unlockWithRecovery: f(), restoreKeychain: f(), lockout: f(),
    lock: f(), current: f(), rename: f(), changeProtection: f(), getAutoLock: f(), setAutoLock: f(), delete: f(), touch: f(),
    importAsNew: f(), pinStrength: f(), rotateKey: f(), unlisted: f(), bringBack: f(),
  },
  modules: { list: f(), create: f(), update: f(), archive: f() },
  sessions: { list: f(), create: f(), rename: f(), delete: f(), messages: f(), search: f() },
  chat: { send: f(), stop: f(), regenerate: f(), continue: f(), usedMemories: f() },
  memory: {
    list: f(), add: f(), update: f(), forget: f(), share: f(), unshare: f(), history: f(), undo: f(), counts: f(),
    forgetModule: f(), forgetAll: f(), extractionHealth: f(),
  },
  endpoints: {
    list: f(), suggestions: f(), add: f(), setKey: f(), remove: f(), update: f(), test: f(), models: f(), status: f(),
    setDefault: f(), default: f(),
  },
  data: { chooseExportFile: f(), export: f(), chooseImportFile: f(), importInto: f(), needsPassphrase: f(), importChatGPT: f() },
  system: { version: f(), doctor: f(), uiReady: f() },
  family: { status: f(), createChild: f(), setPolicy: f(), resetPin: f(), release: f(), readChats: f(), adopt: f(), handover: f() },
  documents: { list: f(), addFile: f(), addData: f(), remove: f(), setShared: f(), setSensitive: f(), usedPassages: f(), passage: f() },
  embedding: { status: f(), setModel: f() },
};

/** Resets every fake to "resolves undefined". */
export function resetFakes(): void {
  for (const ns of Object.values(fakeApi)) for (const fn of Object.values(ns)) fn.mockReset().mockImplementation(async () => undefined);
}

/** Every method that was called, as "ns.method". */
export function calledMethods(): string[] {
  const out: string[] = [];
  for (const [ns, fns] of Object.entries(fakeApi))
    for (const [name, fn] of Object.entries(fns)) if (fn.mock.calls.length) out.push(`${ns}.${name}`);
  return out;
}
