// Generated from backend/api/events.go by
// go test ./backend/api -run TestEventPayloadsTS -update-events. Do not edit.
import type { EndpointState, Message } from './types';

export interface EventPayloads {
  'chat:delta': { turnId: string; sessionId: string; text: string; reasoning?: string; reset?: boolean; messageId?: string };
  'chat:done': { turnId: string; sessionId: string; message: Message };
  'chat:error': { turnId: string; sessionId: string; error: string; message: Message | null };
  'chat:title': { sessionId: string; title: string };
  'chat:wait': { turnId: string; sessionId: string; text: string };
  'endpoint:status': { id: string; online: boolean; state: EndpointState; message: string; checkedAt: number; checking: boolean };
  'export:progress': { done: number; total: number };
  'memory:extracted': { moduleId: string };
  'profile:locked': { reason: 'user' | 'idle' | 'switch' | 'delete' | 'rotate' };
  'profile:notice': { profileId: string; kind: 'damaged' | 'warning'; text: string };
}
