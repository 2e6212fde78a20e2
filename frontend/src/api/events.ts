// Every Wails event name the app listens to, with its payload. Keep them all here.
import { EventsOn } from '../../wailsjs/runtime/runtime';
// The payload types are generated from backend/api/events.go.
import type { EventPayloads } from './events.gen';

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

export type { EventPayloads };

export type EventName = keyof EventPayloads;

/** Subscribes to one event; returns the unsubscribe function. */
export function on<N extends EventName>(name: N, cb: (payload: EventPayloads[N]) => void): () => void {
  if (typeof window === 'undefined' || !(window as unknown as { runtime?: unknown }).runtime) {
    return () => {}; // no Wails runtime (unit tests without a fake): nothing to listen to
  }
  return EventsOn(name, (payload: EventPayloads[N]) => cb(payload));
}
