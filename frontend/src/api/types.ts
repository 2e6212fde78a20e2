// The Go DTOs as the window sees them. Each type is the one Wails generates
// (wailsjs/go/models.ts, rebuilt from Go by every `wails build`), so a field
// renamed or removed in Go fails the type check; here it only loses the
// generated class's methods and narrows some strings to the values Go sends.
// Times are unix ms.
import type { api, chat, doctor, llm, memory, module } from '../../wailsjs/go/models';

/** A generated class as plain JSON data: its fields, no methods. */
export type Plain<T> = T extends (infer E)[]
  ? Plain<E>[]
  : T extends object
    ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: Plain<T[K]> }
    : T;

/** T with some fields narrowed; every key of O must be a field of T. */
type Narrow<T, O extends { [K in keyof O]: K extends keyof Plain<T> ? unknown : never }> = Omit<Plain<T>, keyof O> & O;

export type Protection = 'keychain' | 'pin' | 'passphrase';
export type MessageStatus = 'complete' | 'interrupted' | 'error';
export type Role = 'system' | 'user' | 'assistant';
export type MemoryKind = 'fact' | 'preference' | 'instruction';
export type Sensitivity = 'normal' | 'private' | 'sensitive';
/** llm.State* in Go: one state a user can act on. */
export type EndpointState = 'unknown' | 'online' | 'offline' | 'needs_key' | 'key_refused' | 'model_missing' | 'quota'
  | 'loading' | 'rate_limited' | 'server_error' | 'bad_address';
export type ExportFormat = 'zip' | 'hearth';

export type ProfileDTO = Narrow<api.ProfileDTO, { protection: Protection }>;
export type KeychainStatus = Plain<api.KeychainState>;
export type CreateProfileRequest = Narrow<api.CreateRequest, { protection: Protection }>;
export type CreateProfileResult = Narrow<api.CreateResult, { profile: ProfileDTO }>;
export type RecoveryUnlockResult = Narrow<api.RecoveryResult, { profile: ProfileDTO }>;
export type LockoutInfo = Plain<api.LockoutState>;
export type PINStrength = Plain<api.PINStrength>;
export type ImportProfileRequest = Narrow<api.ImportProfileRequest, { protection: Protection }>;
export type ImportResult = Plain<api.ImportResult>;
export type ImportProfileResult = Narrow<api.ImportProfileResult, { profile: ProfileDTO }>;
export type DeleteReport = Plain<api.DeleteReport>;
export type FamilyPolicy = Plain<api.PolicyDTO>;
export type FamilyChild = Plain<api.ChildDTO>;
export type FamilyRules = Plain<api.RulesDTO>;
export type FamilyStatus = Plain<api.FamilyStatus>;
export type FamilyChatLine = Plain<api.ChatLineDTO>;
export type CreateChildRequest = Narrow<api.CreateChildRequest, { protection: Protection }>;
export type AdoptRequest = Plain<api.AdoptRequest>;

export type ModulePolicy = Plain<module.Policy>;
/** reasoningEffort, for reasoning models: '' (server default), 'minimal', 'low', 'medium', 'high'. */
export type Module = Plain<module.Module>;

export type Session = Plain<chat.Session>;
/** reasoning: a reasoning model's thinking, shown and never stored; truncated: stopped at the length limit. */
export type Message = Narrow<chat.Message, { role: Role; status: MessageStatus; error: string; model: string }>;
/** snippet: matches wrapped in \u0002 ... \u0003. */
export type Hit = Narrow<chat.Hit, { role: Role }>;
export type SendRequest = Plain<api.SendRequest>;
export type SendResult = Narrow<api.SendResult, { userMessage: Message }>;
export type TurnRef = Plain<api.TurnRef>;

/** scope: a module id or "shared". */
export type Memory = Narrow<memory.Memory, { kind: MemoryKind; sensitivity: Sensitivity }>;
/** How saving memories from chats has been going for one module; failing = 3 or more failures in a row. */
export type ExtractionHealth = Narrow<memory.Health, { lastFailureKind: '' | 'bad_reply' | 'server_error' }>;
export type MemoryChange = Plain<memory.Change>;

export type Endpoint = Plain<llm.Endpoint>;
export type EndpointTest = Narrow<api.TestResult, { state: EndpointState }>;
export type EndpointStatus = Narrow<api.StatusDTO, { state: EndpointState }>;
export type EndpointSuggestion = Plain<llm.Suggestion>;

export type ExportRequest = Narrow<api.ExportRequest, { format: ExportFormat }>;
export type ExportResult = Plain<api.ExportResult>;
export type ChatGPTImportResult = Pick<ImportResult, 'sessions' | 'messages'>;
export type DoctorCheck = Plain<doctor.Result>;

