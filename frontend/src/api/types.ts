// Shapes of the Go DTOs as API.md defines them. Times are unix ms.

export type Protection = 'keychain' | 'pin' | 'passphrase';

export interface ProfileDTO {
  id: string;
  name: string;
  color: string;
  emoji: string;
  protection: Protection;
  createdAt: number;
  isOpen: boolean;
}

export interface KeychainStatus { available: boolean; reason: string }
export interface CreateProfileRequest { name: string; color: string; emoji: string; protection: Protection; secret: string }
export interface CreateProfileResult { profile: ProfileDTO; recoveryKey: string }
export interface RecoveryUnlockResult { profile: ProfileDTO; canRestoreKeychain: boolean }
export interface LockoutInfo { failures: number; waitSeconds: number }
export interface ImportProfileRequest {
  /** The .hearth bundle or readable .zip export to import. */
  path: string;
  /** The bundle passphrase ("" for a .zip). */
  passphrase: string;
  name: string;
  color: string;
  emoji: string;
  protection: Protection;
  secret: string;
}
export interface ImportProfileResult { profile: ProfileDTO; recoveryKey: string; imported: ImportResult }
export interface DeleteReport { profileName: string; removedFiles: string[]; removedKeychainItems: string[] }

export interface ModulePolicy { useMemory: boolean; writeMemory: boolean; readShared: boolean }
export interface Module {
  id: string;
  name: string;
  icon: string;
  description: string;
  systemPrompt: string;
  endpointId: string;
  model: string;
  temperature: number;
  /** For reasoning models: '' (server default), 'minimal', 'low', 'medium', 'high'. */
  reasoningEffort: string;
  policy: ModulePolicy;
  builtin: boolean;
  archived: boolean;
  sortOrder: number;
  createdAt: number;
  updatedAt: number;
}

export interface Session { id: string; moduleId: string; title: string; createdAt: number; updatedAt: number; temporary: boolean }

export type MessageStatus = 'complete' | 'interrupted' | 'error';
export type Role = 'system' | 'user' | 'assistant';
export interface Message {
  id: string;
  sessionId: string;
  moduleId: string;
  role: Role;
  content: string;
  status: MessageStatus;
  error: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  usedMemories: string[];
  heldBack: number;
  createdAt: number;
  /** A reasoning model's thinking: shown, never stored (gone after reload). */
  reasoning?: string;
  /** Stopped at the model's length limit (status interrupted; Continue offered). */
  truncated?: boolean;
}

export interface Hit {
  sessionId: string;
  sessionTitle: string;
  moduleId: string;
  messageId: string;
  role: Role;
  snippet: string; // matches wrapped in \u0002 ... \u0003
  score: number;
  createdAt: number;
}

export interface SendRequest { moduleId: string; sessionId: string; temporary: boolean; text: string }
export interface SendResult { turnId: string; sessionId: string; userMessage: Message }
export interface TurnRef { turnId: string; sessionId: string }

export type MemoryKind = 'fact' | 'preference' | 'instruction';
export type Sensitivity = 'normal' | 'private' | 'sensitive';
export interface Memory {
  id: string;
  scope: string; // module id or "shared"
  originModule: string;
  text: string;
  kind: MemoryKind;
  sensitivity: Sensitivity;
  sourceSession: string;
  sourceMessage: string;
  createdAt: number;
  updatedAt: number;
}
/** How saving memories from chats has been going for one module (Go memory.Health). */
export interface ExtractionHealth {
  moduleId: string;
  failures: number; // failed extractions in a row
  lastFailureKind: '' | 'bad_reply' | 'server_error';
  lastFailureAt: number;
  lastSuccessAt: number;
  failing: boolean; // failures >= 3: tell the user
}
export interface MemoryChange {
  seq: number;
  memoryId: string;
  action: string;
  oldText: string;
  newText: string;
  oldScope: string;
  newScope: string;
  at: number;
}

export interface Endpoint { id: string; name: string; baseUrl: string; defaultModel: string; hasApiKey: boolean; local: boolean; createdAt: number }
export interface EndpointTest { ok: boolean; message: string; state?: EndpointState; models: string[] }
/** llm.State* in Go: one state a user can act on. */
export type EndpointState = 'unknown' | 'online' | 'offline' | 'needs_key' | 'key_refused' | 'model_missing' | 'quota'
  | 'loading' | 'rate_limited' | 'server_error' | 'bad_address';
export interface EndpointStatus {
  online: boolean;
  message: string;
  checkedAt: number;
  /** Backend extras: "unknown" until the first check finishes. */
  state?: EndpointState;
  checking?: boolean;
}
export interface EndpointSuggestion { name: string; baseUrl: string; local: boolean; needKey: boolean }

export type ExportFormat = 'zip' | 'hearth';
export interface ExportRequest { format: ExportFormat; moduleId: string; path: string; passphrase: string }
export interface ExportResult { path: string; modules?: number; sessions: number; messages: number; memories: number; bytes: number }
export interface ImportResult { modules: number; sessions: number; messages: number; memories: number }
export interface ChatGPTImportResult { sessions: number; messages: number }
export interface DoctorCheck { name: string; ok: boolean; skip?: boolean; detail: string }
