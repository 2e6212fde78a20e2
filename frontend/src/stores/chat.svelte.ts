// The chat pane: messages per session, streaming turns fed by chat:* events.
import * as api from '../api';
import type { Message, Memory, EventPayloads } from '../api';
import type { SessionsStore } from './sessions.svelte';

/** A reply being streamed. kind "continue" appends to an existing message. */
export interface Turn {
  turnId: string; sessionId: string; moduleId: string; text: string; kind: 'new' | 'continue'; baseId: string;
  /** The model's thinking so far, kept apart from the reply. */
  reasoning: string;
  /** Why nothing arrives yet ("The server is still loading the model…"), until the first delta. */
  wait: string;
}

type Early = { text: string; reasoning: string; wait: string };

export class ChatStore {
  moduleId = $state('');
  sessionId = $state('');
  bySession = $state<Record<string, Message[]>>({});
  turns = $state<Record<string, Turn>>({});
  /** For a new draft chat: start it as a temporary (not saved) chat. */
  temporary = $state(false);
  loadingMessages = $state(false);
  sending = $state(false);
  usedMemories = $state<Record<string, Memory[]>>({});

  #sessions: SessionsStore;
  /** Events that arrived before Send/Regenerate resolved with the turn's id. */
  #early: Record<string, Early> = {};
  /** Turns that ended before their Send/Regenerate call resolved. */
  #finished = new Set<string>();

  constructor(sessions: SessionsStore) {
    this.#sessions = sessions;
  }

  get messages(): Message[] {
    return this.bySession[this.sessionId] ?? [];
  }

  /** The turn streaming in the open session, if any. */
  get streaming(): Turn | undefined {
    return Object.values(this.turns).find((t) => t.sessionId === this.sessionId && this.sessionId !== '');
  }

  get lastAssistant(): Message | undefined {
    const list = this.messages;
    for (let i = list.length - 1; i >= 0; i--) if (list[i].role === 'assistant') return list[i];
    return undefined;
  }

  get isTemporarySession(): boolean {
    if (!this.sessionId) return this.temporary;
    return this.#sessions.find(this.sessionId)?.temporary ?? false;
  }

  /** Shows a session (cached messages first, then fresh ones). sessionId "" = new draft. */
  async open(moduleId: string, sessionId: string): Promise<void> {
    this.moduleId = moduleId;
    this.sessionId = sessionId;
    if (!sessionId) return;
    if (!this.bySession[sessionId]) this.loadingMessages = true;
    try {
      const list = await api.sessions.messages(moduleId, sessionId);
      if (!this.#hasTurn(sessionId)) this.bySession[sessionId] = list;
    } finally {
      if (this.sessionId === sessionId) this.loadingMessages = false;
    }
  }

  async send(text: string): Promise<boolean> {
    const body = text.trim();
    if (!body || this.sending || this.streaming) return false;
    const moduleId = this.moduleId;
    this.sending = true;
    try {
      const temporary = this.sessionId ? this.isTemporarySession : this.temporary;
      const r = await api.chat.send({ moduleId, sessionId: this.sessionId, temporary, text: body });
      this.#sessions.noteSession(moduleId, r.sessionId, temporary);
      this.#sessions.setActive(moduleId, r.sessionId);
      if (this.moduleId === moduleId) this.sessionId = r.sessionId;
      this.bySession[r.sessionId] = [...(this.bySession[r.sessionId] ?? []), r.userMessage];
      this.#startTurn(r.turnId, r.sessionId, moduleId, 'new', '');
      return true;
    } finally {
      this.sending = false;
    }
  }

  async stop(): Promise<void> {
    const t = this.streaming;
    if (t) await api.chat.stop(t.turnId);
  }

  async regenerate(): Promise<void> {
    if (this.streaming || !this.sessionId) return;
    const { moduleId, sessionId } = this;
    const list = this.bySession[sessionId] ?? [];
    const oldId = list[list.length - 1]?.role === 'assistant' ? list[list.length - 1].id : '';
    const r = await api.chat.regenerate(moduleId, sessionId);
    // The backend replaces the last reply: hide it while the new one streams.
    if (oldId && !this.#finished.has(r.turnId)) {
      this.bySession[sessionId] = (this.bySession[sessionId] ?? []).filter((m) => m.id !== oldId);
    }
    this.#startTurn(r.turnId, r.sessionId, moduleId, 'new', '');
  }

  async continueReply(): Promise<void> {
    if (this.streaming || !this.sessionId) return;
    const base = this.lastAssistant;
    const { moduleId, sessionId } = this;
    const r = await api.chat.continue(moduleId, sessionId);
    this.#startTurn(r.turnId, r.sessionId, moduleId, 'continue', base?.id ?? '');
  }

  async loadUsedMemories(moduleId: string, messageId: string): Promise<Memory[]> {
    const list = await api.chat.usedMemories(moduleId, messageId);
    this.usedMemories[messageId] = list;
    return list;
  }

  onDelta(p: EventPayloads['chat:delta']): void {
    const t: Early = this.turns[p.turnId] ?? (this.#early[p.turnId] ??= { text: '', reasoning: '', wait: '' });
    if (p.reset) {
      t.reasoning += t.text;
      t.text = '';
    }
    t.reasoning += p.reasoning ?? '';
    t.text += p.text ?? '';
    t.wait = '';
  }

  onWait(p: EventPayloads['chat:wait']): void {
    const t: Early = this.turns[p.turnId] ?? (this.#early[p.turnId] ??= { text: '', reasoning: '', wait: '' });
    t.wait = p.text;
  }

  onDone(p: EventPayloads['chat:done']): void {
    if (!this.turns[p.turnId]) this.#finished.add(p.turnId);
    delete this.#early[p.turnId];
    delete this.turns[p.turnId];
    this.#upsert(p.sessionId, { ...p.message, usedMemories: p.message.usedMemories ?? [] });
  }

  onError(p: EventPayloads['chat:error']): void {
    const t = this.turns[p.turnId];
    if (!t) this.#finished.add(p.turnId);
    delete this.turns[p.turnId];
    delete this.#early[p.turnId];
    if (p.message) {
      this.#upsert(p.sessionId, { ...p.message, usedMemories: p.message.usedMemories ?? [], error: p.message.error || p.error });
      return;
    }
    const now = Date.now();
    this.#upsert(p.sessionId, {
      id: `error-${p.turnId}`, sessionId: p.sessionId, moduleId: t?.moduleId ?? this.moduleId, role: 'assistant',
      content: t?.kind === 'new' ? t.text : '', reasoning: t?.reasoning ?? '', status: 'error', error: api.toApiError(p.error).message, model: '',
      promptTokens: 0, completionTokens: 0, usedMemories: [], heldBack: 0, createdAt: now,
    });
  }

  onTitle(p: EventPayloads['chat:title']): void {
    this.#sessions.setTitle(p.sessionId, p.title);
  }

  /** Forget a deleted session's messages. */
  drop(sessionId: string): void {
    delete this.bySession[sessionId];
    if (this.sessionId === sessionId) this.sessionId = '';
  }

  reset(): void {
    this.moduleId = '';
    this.sessionId = '';
    this.bySession = {};
    this.turns = {};
    this.usedMemories = {};
    this.temporary = false;
    this.#early = {};
  }

  #startTurn(turnId: string, sessionId: string, moduleId: string, kind: Turn['kind'], baseId: string): void {
    const early = this.#early[turnId] ?? { text: '', reasoning: '', wait: '' };
    delete this.#early[turnId];
    if (this.#finished.delete(turnId)) return; // already done
    this.turns[turnId] = { turnId, sessionId, moduleId, kind, baseId, ...early };
  }

  #hasTurn(sessionId: string): boolean {
    return Object.values(this.turns).some((t) => t.sessionId === sessionId);
  }

  #upsert(sessionId: string, m: Message): void {
    const list = this.bySession[sessionId] ?? [];
    const i = list.findIndex((x) => x.id === m.id);
    this.bySession[sessionId] = i >= 0 ? list.map((x, j) => (j === i ? m : x)) : [...list, m];
  }
}
