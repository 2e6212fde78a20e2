import type { Message, Memory, Module, ProfileDTO } from '../api';

export const profile = (o: Partial<ProfileDTO> = {}): ProfileDTO => ({
  id: 'p1', name: 'Alice', color: '#e07a5f', emoji: '🦊', protection: 'keychain', createdAt: 1, isOpen: false, ...o,
});

export const module = (o: Partial<Module> = {}): Module => ({
  id: 'tutor', name: 'Tutor', icon: '🎓', description: '', systemPrompt: '', endpointId: '', model: '', temperature: 0.7, reasoningEffort: '',
  policy: { useMemory: true, writeMemory: true, readShared: true }, builtin: true, archived: false, sortOrder: 1, createdAt: 1, updatedAt: 1, ...o,
});

export const message = (o: Partial<Message> = {}): Message => ({
  id: 'm1', sessionId: 's1', moduleId: 'tutor', role: 'user', content: 'hi', status: 'complete', error: '', model: '',
  promptTokens: 0, completionTokens: 0, usedMemories: [], heldBack: 0, createdAt: 1, ...o,
});

export const memory = (o: Partial<Memory> = {}): Memory => ({
  id: 'mem1', scope: 'tutor', originModule: 'tutor', text: 'Likes space', kind: 'fact', sensitivity: 'normal',
  sourceSession: '', sourceMessage: '', createdAt: 1, updatedAt: 1, ...o,
});
