import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../test/fakeApi')).fakeApi }));
import { fakeApi, resetFakes } from '../test/fakeApi';
import { message } from '../test/fixtures';
import { ChatStore } from './chat.svelte';
import { SessionsStore } from './sessions.svelte';

let sessions: SessionsStore;
let chat: ChatStore;

beforeEach(async () => {
  resetFakes();
  sessions = new SessionsStore();
  chat = new ChatStore(sessions);
  fakeApi.sessions.messages.mockResolvedValue([]);
  await chat.open('tutor', '');
});

async function send(text = 'hello') {
  fakeApi.chat.send.mockResolvedValueOnce({ turnId: 't1', sessionId: 's1', userMessage: message({ id: 'u1', content: text }) });
  await chat.send(text);
}

describe('ChatStore', () => {
  it('send creates the session and appends the user message', async () => {
    await send();
    expect(fakeApi.chat.send).toHaveBeenCalledWith({ moduleId: 'tutor', sessionId: '', temporary: false, text: 'hello' });
    expect(chat.sessionId).toBe('s1');
    expect(chat.messages.map((m) => m.id)).toEqual(['u1']);
    expect(sessions.of('tutor').items.map((s) => s.id)).toEqual(['s1']);
    expect(chat.streaming?.turnId).toBe('t1');
  });

  it('keeps thinking apart from the reply, including the R1 reset', async () => {
    await send();
    chat.onWait({ turnId: 't1', sessionId: 's1', text: 'The server is still loading the model.' });
    expect(chat.streaming?.wait).toContain('loading');
    chat.onDelta({ turnId: 't1', sessionId: 's1', text: '', reasoning: 'Let me ' });
    chat.onDelta({ turnId: 't1', sessionId: 's1', text: 'think', reasoning: '' });
    chat.onDelta({ turnId: 't1', sessionId: 's1', text: 'Four.', reasoning: ' hard.', reset: true });
    expect(chat.streaming?.reasoning).toBe('Let me think hard.');
    expect(chat.streaming?.text).toBe('Four.');
    expect(chat.streaming?.wait).toBe('');
  });

  it('holds thinking that arrives before the turn is known', async () => {
    chat.onDelta({ turnId: 't1', sessionId: 's1', text: '', reasoning: 'early' });
    await send();
    expect(chat.streaming?.reasoning).toBe('early');
  });

  it('appends deltas and finalises on done', async () => {
    await send();
    chat.onDelta({ turnId: 't1', sessionId: 's1', text: 'Hel' });
    chat.onDelta({ turnId: 't1', sessionId: 's1', text: 'lo!' });
    expect(chat.streaming?.text).toBe('Hello!');
    chat.onDone({ turnId: 't1', sessionId: 's1', message: message({ id: 'a1', role: 'assistant', content: 'Hello!' }) });
    expect(chat.streaming).toBeUndefined();
    expect(chat.messages.map((m) => [m.id, m.role, m.content])).toEqual([['u1', 'user', 'hello'], ['a1', 'assistant', 'Hello!']]);
  });

  it('finalises on error without a stored message', async () => {
    await send();
    chat.onDelta({ turnId: 't1', sessionId: 's1', text: 'partial' });
    chat.onError({ turnId: 't1', sessionId: 's1', error: '[offline] The endpoint is offline.', message: null });
    expect(chat.streaming).toBeUndefined();
    const last = chat.messages[chat.messages.length - 1];
    expect(last.status).toBe('error');
    expect(last.error).toBe('The endpoint is offline.');
    expect(last.content).toBe('partial');
  });

  it('uses the stored message on error when there is one', async () => {
    await send();
    chat.onError({ turnId: 't1', sessionId: 's1', error: 'Stopped.', message: message({ id: 'a1', role: 'assistant', status: 'interrupted', content: 'half' }) });
    expect(chat.messages[1]).toMatchObject({ id: 'a1', status: 'interrupted', content: 'half' });
  });

  it('keeps deltas and a done that arrive before send resolves', async () => {
    let resolve!: (v: unknown) => void;
    fakeApi.chat.send.mockReturnValueOnce(new Promise((r) => (resolve = r)));
    const p = chat.send('hi');
    chat.onDelta({ turnId: 't9', sessionId: 's9', text: 'early ' });
    resolve({ turnId: 't9', sessionId: 's9', userMessage: message({ id: 'u9', sessionId: 's9' }) });
    await p;
    expect(chat.streaming?.text).toBe('early ');
    chat.onDone({ turnId: 't9', sessionId: 's9', message: message({ id: 'a9', sessionId: 's9', role: 'assistant' }) });

    let resolve2!: (v: unknown) => void;
    fakeApi.chat.send.mockReturnValueOnce(new Promise((r) => (resolve2 = r)));
    const p2 = chat.send('again');
    chat.onDone({ turnId: 't10', sessionId: 's9', message: message({ id: 'a10', sessionId: 's9', role: 'assistant' }) });
    resolve2({ turnId: 't10', sessionId: 's9', userMessage: message({ id: 'u10', sessionId: 's9' }) });
    await p2;
    expect(chat.streaming).toBeUndefined();
  });

  it('stop asks the backend to stop the running turn', async () => {
    await send();
    await chat.stop();
    expect(fakeApi.chat.stop).toHaveBeenCalledWith('t1');
  });

  it('regenerate hides the old reply while the new one streams', async () => {
    await send();
    chat.onDone({ turnId: 't1', sessionId: 's1', message: message({ id: 'a1', role: 'assistant', content: 'old' }) });
    fakeApi.chat.regenerate.mockResolvedValueOnce({ turnId: 't2', sessionId: 's1' });
    await chat.regenerate();
    expect(chat.messages.map((m) => m.id)).toEqual(['u1']);
    expect(chat.streaming?.turnId).toBe('t2');
  });

  it('continue streams onto the interrupted message', async () => {
    await send();
    chat.onDone({ turnId: 't1', sessionId: 's1', message: message({ id: 'a1', role: 'assistant', content: 'half', status: 'interrupted' }) });
    fakeApi.chat.continue.mockResolvedValueOnce({ turnId: 't3', sessionId: 's1' });
    await chat.continueReply();
    expect(chat.streaming).toMatchObject({ kind: 'continue', baseId: 'a1' });
    chat.onDone({ turnId: 't3', sessionId: 's1', message: message({ id: 'a1', role: 'assistant', content: 'half and whole' }) });
    expect(chat.messages.map((m) => m.content)).toEqual(['hello', 'half and whole']);
  });

  it('temporary toggle is sent with a new chat', async () => {
    chat.temporary = true;
    await send();
    expect(fakeApi.chat.send.mock.calls[0][0].temporary).toBe(true);
    expect(sessions.find('s1')?.temporary).toBe(true);
  });

  it('title events rename the session', async () => {
    await send();
    chat.onTitle({ sessionId: 's1', title: 'Sky colours' });
    expect(sessions.find('s1')?.title).toBe('Sky colours');
  });
});
