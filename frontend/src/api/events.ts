// Every Wails event name the app listens to, with its payload. Keep them all here.
import { EventsOn } from '../../wailsjs/runtime/runtime';
import type { EndpointState, Message } from './types';

export const EV = {
  chatDelta: 'chat:delta',
  chatDone: 'chat:done',
  chatError: 'chat:error',
  chatTitle: 'chat:title',
  chatWait: 'chat:wait',
  memoryExtracted: 'memory:extracted',
  profileNotice: 'profile:notice',
  profileLocked: 'profile:locked',
  exportProgress: 'export:progress',
  endpointStatus: 'endpoint:status',
} as const;

export interface EventPayloads {
  /** Apply in order: reset (the reply so far was thinking), then reasoning, then text. */
  'chat:delta': { turnId: string; sessionId: string; text: string; reasoning?: string; reset?: boolean; messageId?: string };
  /** The server asked to wait (a model loading, a rate limit). */
  'chat:wait': { turnId: string; sessionId: string; text: string };
  /** Memory extraction after a turn finished (changed or not): refresh that module's memories and notice. */
  'memory:extracted': { moduleId: string };
  /** Damage found in the open profile (on unlock, or by the check after it): say it once, until dismissed. */
  'profile:notice': { profileId: string; kind: 'damaged' | 'warning'; text: string };
  'chat:done': { turnId: string; sessionId: string; message: Message };
  'chat:error': { turnId: string; sessionId: string; error: string; message: Message | null };
  'chat:title': { sessionId: string; title: string };
  'profile:locked': { reason: 'user' | 'idle' | 'switch' | 'delete' | 'rotate' };
  'export:progress': { done: number; total: number };
  'endpoint:status': { id: string; online: boolean; message: string; state?: EndpointState; checking?: boolean; checkedAt?: number };
}

export type EventName = keyof EventPayloads;

/** Subscribes to one event; returns the unsubscribe function. */
export function on<N extends EventName>(name: N, cb: (payload: EventPayloads[N]) => void): () => void {
  if (typeof window === 'undefined' || !(window as unknown as { runtime?: unknown }).runtime) {
    return () => {}; // no Wails runtime (unit tests without a fake): nothing to listen to
  }
  return EventsOn(name, (payload: EventPayloads[N]) => cb(payload));
}
