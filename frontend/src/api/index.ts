// The only importer of the Wails bindings. Every call resolves with typed data
// (nil Go slices/maps become [] / {}) or rejects with an ApiError.
import * as P from '../../wailsjs/go/api/Profiles';
import * as Mo from '../../wailsjs/go/api/Modules';
import * as S from '../../wailsjs/go/api/Sessions';
import * as C from '../../wailsjs/go/api/Chat';
import * as Me from '../../wailsjs/go/api/Memory';
import * as E from '../../wailsjs/go/api/Endpoints';
import * as D from '../../wailsjs/go/api/Data';
import * as Sy from '../../wailsjs/go/api/System';
import * as F from '../../wailsjs/go/api/Family';
import * as Em from '../../wailsjs/go/api/Embedding';
import * as Do from '../../wailsjs/go/api/Documents';
import { call } from './errors';
import type * as T from './types';
import type * as DT from './documents.types';
import type { api, module } from '../../wailsjs/go/models';

export type * from './types';
export type * from './documents.types';
export { ApiError, toApiError } from './errors';
export { EV, on } from './events';
export type { EventPayloads, EventName } from './events';

// Nil Go slices and maps arrive as null.
const arr = async <X>(p: Promise<X[] | null>): Promise<X[]> => (await p) ?? [];
/**
 * What a binding returned, as the types in ./types: the generated models
 * with some strings narrowed to the values Go sends. The fields themselves
 * are checked against the generated models by the compiler.
 */
const as = async <X>(p: Promise<unknown>): Promise<X> => (await p) as X;
const list = async <X>(p: Promise<unknown[] | null>): Promise<X[]> => ((await p) ?? []) as X[];
// error/model are omitempty in Go; usedMemories may be null.
const msg = (m: T.Message): T.Message => ({ ...m, error: m.error ?? '', model: m.model ?? '', usedMemories: m.usedMemories ?? [], heldBack: m.heldBack ?? 0 });
/** A request as the binding's generated class (which only adds methods). */
const arg = <X>(v: T.Plain<X>): X => v as X;
const p = P, mo = Mo, s = S, c = C, me = Me, e = E, d = D, sy = Sy;

export const profiles = {
  list: (): Promise<T.ProfileDTO[]> => call(() => list(p.List())),
  /** Profiles found on disk that the profile list lacks. */
  unlisted: (): Promise<T.ProfileDTO[]> => call(() => list(p.Unlisted())),
  bringBack: (id: string): Promise<T.ProfileDTO> => call(() => as(p.BringBack(id))),
  keychainStatus: (): Promise<T.KeychainStatus> => call(() => p.KeychainStatus()),
  create: (req: T.CreateProfileRequest): Promise<T.CreateProfileResult> => call(() => as(p.Create(arg<api.CreateRequest>(req)))),
  unlock: (id: string, secret: string): Promise<T.ProfileDTO> => call(() => as(p.Unlock(id, secret))),
  unlockWithRecovery: (id: string, key: string): Promise<T.RecoveryUnlockResult> =>
    call(() => as(p.UnlockWithRecovery(id, key))),
  /** pin: the PIN to wrap the key with for PIN profiles; "" otherwise. */
  restoreKeychain: (pin: string): Promise<void> => call(() => p.RestoreKeychain(pin)),
  lockout: (id: string): Promise<T.LockoutInfo> => call(() => p.Lockout(id)),
  /** The offline guessing cost of a PIN being chosen (nothing is kept). */
  pinStrength: (pin: string): Promise<T.PINStrength> => call(() => p.PINStrength(pin)),
  /** Re-encrypts the open profile under a new data key; newSecret "" keeps the PIN/passphrase. */
  rotateKey: (currentSecret: string, newSecret: string): Promise<T.CreateProfileResult> =>
    call(() => as(p.RotateKey(currentSecret, newSecret))),
  lock: (): Promise<void> => call(() => p.Lock()),
  current: (): Promise<T.ProfileDTO | null> => call(() => as(p.Current())),
  rename: (name: string): Promise<T.ProfileDTO> => call(() => as(p.Rename(name))),
  changeProtection: (mode: T.Protection, currentSecret: string, newSecret: string): Promise<T.ProfileDTO> =>
    call(() => as(p.ChangeProtection(mode, currentSecret, newSecret))),
  getAutoLock: (): Promise<number> => call(() => p.GetAutoLock()),
  setAutoLock: (minutes: number): Promise<void> => call(() => p.SetAutoLock(minutes)),
  delete: (confirmName: string): Promise<T.DeleteReport> =>
    call(async () => {
      const r: T.DeleteReport = await p.Delete(confirmName);
      return { ...r, removedFiles: r.removedFiles ?? [], removedKeychainItems: r.removedKeychainItems ?? [] };
    }),
  touch: (): Promise<void> => call(() => p.Touch()),
  /** Creates a new profile from an export, opens it and returns its recovery key. */
  importAsNew: (req: T.ImportProfileRequest): Promise<T.ImportProfileResult> => call(() => as(p.ImportAsNew(arg<api.ImportProfileRequest>(req)))),
};

/** Family mode: a guardian's children and their rules; a child's own rules. */
export const family = {
  status: (): Promise<T.FamilyStatus> =>
    call(async () => {
      const s = await as<T.FamilyStatus>(F.Status());
      return { children: s.children ?? [], rules: s.rules ?? undefined };
    }),
  createChild: (req: T.CreateChildRequest): Promise<T.CreateProfileResult> =>
    call(() => as(F.CreateChild(arg<api.CreateChildRequest>(req)))),
  setPolicy: (child: string, p: T.FamilyPolicy): Promise<T.FamilyChild> => call(() => as(F.SetPolicy(child, arg<api.PolicyDTO>(p)))),
  resetPin: (child: string, newSecret: string): Promise<void> => call(() => F.ResetPIN(child, newSecret)),
  release: (child: string): Promise<void> => call(() => F.Release(child)),
  /** A child's saved chats, only if reading them was chosen at set-up. */
  readChats: (child: string): Promise<T.FamilyChatLine[]> => call(() => list(F.ReadChats(child))),
  /** Takes over supervision of an existing profile, with that person's own secret. */
  adopt: (req: T.AdoptRequest): Promise<T.ProfileDTO> => call(() => as(F.Adopt(arg<api.AdoptRequest>(req)))),
  /** Hands a child to another guardian profile, with that guardian's own secret. */
  handover: (child: string, next: string, nextSecret: string): Promise<void> => call(() => F.Handover(child, next, nextSecret)),
};

export const modules = {
  list: (includeArchived: boolean): Promise<T.Module[]> => call(() => arr(mo.List(includeArchived))),
  create: (m: T.Module): Promise<T.Module> => call(() => as(mo.Create(arg<module.Module>(m)))),
  update: (m: T.Module): Promise<T.Module> => call(() => as(mo.Update(arg<module.Module>(m)))),
  archive: (id: string, archived: boolean): Promise<void> => call(() => mo.Archive(id, archived)),
};

export const sessions = {
  list: (moduleId: string, limit: number, offset: number): Promise<T.Session[]> =>
    call(() => arr(s.List(moduleId, limit, offset))),
  create: (moduleId: string): Promise<T.Session> => call(() => s.Create(moduleId)),
  rename: (moduleId: string, sessionId: string, title: string): Promise<void> =>
    call(() => s.Rename(moduleId, sessionId, title)),
  delete: (moduleId: string, sessionId: string): Promise<void> => call(() => s.Delete(moduleId, sessionId)),
  messages: (moduleId: string, sessionId: string): Promise<T.Message[]> =>
    call(async () => (await list<T.Message>(s.Messages(moduleId, sessionId))).map(msg)),
  search: (query: string, moduleId: string): Promise<T.Hit[]> => call(() => list(s.Search(query, moduleId))),
};

export const chat = {
  send: (req: T.SendRequest): Promise<T.SendResult> =>
    call(async () => {
      const r = await as<T.SendResult>(c.Send(arg<api.SendRequest>(req)));
      return { ...r, userMessage: msg(r.userMessage) };
    }),
  stop: (turnId: string): Promise<void> => call(() => c.Stop(turnId)),
  regenerate: (moduleId: string, sessionId: string): Promise<T.TurnRef> =>
    call(() => c.Regenerate(moduleId, sessionId)),
  continue: (moduleId: string, sessionId: string): Promise<T.TurnRef> => call(() => c.Continue(moduleId, sessionId)),
  usedMemories: (moduleId: string, messageId: string): Promise<T.Memory[]> =>
    call(() => list(c.UsedMemories(moduleId, messageId))),
};

export const memory = {
  list: (scope: string, query: string): Promise<T.Memory[]> => call(() => list(me.List(scope, query))),
  add: (scope: string, text: string, kind: T.MemoryKind, sensitivity: T.Sensitivity): Promise<T.Memory> =>
    call(() => as(me.Add(scope, text, kind, sensitivity))),
  update: (scope: string, id: string, text: string, kind: T.MemoryKind, sensitivity: T.Sensitivity): Promise<T.Memory> =>
    call(() => as(me.Update(scope, id, text, kind, sensitivity))),
  forget: (scope: string, id: string): Promise<void> => call(() => me.Forget(scope, id)),
  share: (moduleId: string, id: string): Promise<T.Memory> => call(() => as(me.Share(moduleId, id))),
  unshare: (id: string): Promise<T.Memory> => call(() => as(me.Unshare(id))),
  history: (scope: string, id: string): Promise<T.MemoryChange[]> => call(() => arr(me.History(scope, id))),
  undo: (scope: string, id: string): Promise<T.Memory> => call(() => as(me.Undo(scope, id))),
  counts: (): Promise<Record<string, number>> => call(async () => (await me.Counts()) ?? {}),
  forgetModule: (moduleId: string): Promise<void> => call(() => me.ForgetModule(moduleId)),
  forgetAll: (): Promise<void> => call(() => me.ForgetAll()),
  extractionHealth: (moduleId: string): Promise<T.ExtractionHealth> => call(() => as(me.ExtractionHealth(moduleId))),
};

export const endpoints = {
  list: (): Promise<T.Endpoint[]> => call(() => arr(e.List())),
  suggestions: (): Promise<T.EndpointSuggestion[]> => call(() => arr(e.Suggestions())),
  add: (name: string, baseUrl: string, defaultModel: string, apiKey: string): Promise<T.Endpoint> =>
    call(() => e.Add(name, baseUrl, defaultModel, apiKey)),
  setKey: (id: string, apiKey: string): Promise<void> => call(() => e.SetKey(id, apiKey)),
  remove: (id: string): Promise<void> => call(() => e.Remove(id)),
  update: (id: string, name: string, baseUrl: string, defaultModel: string): Promise<T.Endpoint> =>
    call(() => e.Update(id, name, baseUrl, defaultModel)),
  test: (id: string): Promise<T.EndpointTest> =>
    call(async () => {
      const r = await as<T.EndpointTest>(e.Test(id));
      return { ...r, models: r.models ?? [] };
    }),
  models: (id: string): Promise<string[]> => call(() => arr(e.Models(id))),
  status: (): Promise<Record<string, T.EndpointStatus>> =>
    call(async () => Object.fromEntries((await list<T.EndpointStatus>(e.Status())).map((st) => [st.id, st]))),
  setDefault: (id: string): Promise<void> => call(() => e.SetDefault(id)),
  default: (): Promise<string> => call(() => e.Default()),
};

export const data = {
  chooseExportFile: (format: T.ExportFormat): Promise<string> => call(() => d.ChooseExportFile(format)),
  export: (req: T.ExportRequest): Promise<T.ExportResult> => call(() => d.Export(arg<api.ExportRequest>(req))),
  chooseImportFile: (): Promise<string> => call(() => d.ChooseImportFile()),
  importInto: (path: string, passphrase: string): Promise<T.ImportResult> => call(() => d.ImportInto(path, passphrase)),
  /** True for an encrypted .hearth bundle. */
  needsPassphrase: (path: string): Promise<boolean> => call(() => d.NeedsPassphrase(path)),
  importChatGPT: (path: string, moduleId: string): Promise<T.ChatGPTImportResult> =>
    call(async () => {
      const r: Partial<T.ImportResult> = await d.ImportChatGPT(path, moduleId);
      return { sessions: r.sessions ?? 0, messages: r.messages ?? 0 };
    }),
};

/** Retrieval by meaning: the profile's embedding model and how far the background worker has come. */
export type EmbeddingStatus = T.Plain<api.EmbeddingStatus>;
export const embedding = {
  status: (): Promise<EmbeddingStatus> => call(() => as(Em.Status())),
  /** model "" turns retrieval by meaning off; endpointId "" is the default endpoint. */
  setModel: (endpointId: string, model: string): Promise<EmbeddingStatus> => call(() => as(Em.SetModel(endpointId, model))),
};

export const system = {
  version: (): Promise<string> => call(() => sy.Version()),
  doctor: (): Promise<T.DoctorCheck[]> => call(() => arr(sy.Doctor())),
  /** Tells the backend (and the smoke test) which screen rendered and what it saw. */
  uiReady: (screen: string, detail: string): Promise<void> => call(() => sy.UIReady(screen, detail)),
};

/** The documents a module reads from (files kept only inside the encrypted profile). */
export const documents = {
  list: (moduleId: string): Promise<DT.Document[]> => call(() => list(Do.List(moduleId))),
  /** Opens the native file dialog and adds the chosen file; canceled when none was chosen. */
  addFile: (req: DT.AddDocumentRequest): Promise<DT.AddDocumentResult> => call(() => as(Do.AddFile(arg<api.AddRequest>(req)))),
  /** Adds a file the window read itself (drag and drop). */
  addData: (req: DT.AddDocumentRequest, name: string, base64: string): Promise<DT.Document> =>
    call(() => as(Do.AddData(arg<api.AddRequest>(req), name, base64))),
  remove: (moduleId: string, id: string): Promise<void> => call(() => Do.Remove(moduleId, id)),
  setShared: (moduleId: string, id: string, shared: boolean): Promise<DT.Document> => call(() => as(Do.SetShared(moduleId, id, shared))),
  setSensitive: (moduleId: string, id: string, sensitive: boolean): Promise<DT.Document> =>
    call(() => as(Do.SetSensitive(moduleId, id, sensitive))),
  /** The passages a reply was given (those still kept). */
  usedPassages: (moduleId: string, messageId: string): Promise<DT.Passage[]> => call(() => list(Do.UsedPassages(moduleId, messageId))),
  passage: (moduleId: string, id: string): Promise<DT.Passage> => call(() => as(Do.Passage(moduleId, id))),
};
