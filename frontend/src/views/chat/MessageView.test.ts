import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { message, memory as mem } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import MessageView from './MessageView.svelte';

beforeEach(() => resetFakes());

describe('MessageView', () => {
  it('renders assistant Markdown safely with status and role', () => {
    const { container } = renderWith(MessageView, {
      message: message({ role: 'assistant', content: '**bold** <img src=x onerror="window.pwned=1">\n\n```js\nlet a = 1\n```' }),
    });
    const el = screen.getByTestId('message');
    expect(el).toHaveAttribute('data-role', 'assistant');
    expect(el).toHaveAttribute('data-status', 'complete');
    expect(container.querySelector('strong')).toHaveTextContent('bold');
    expect(container.innerHTML).not.toContain('onerror');
    expect(container.querySelector('[data-copy]')).toBeInTheDocument();
  });

  it('shows streaming text and the interrupted/continue path', () => {
    renderWith(MessageView, { message: message({ role: 'assistant', content: 'Half', status: 'interrupted' }), isLast: true });
    expect(screen.getByTestId('message-interrupted')).toBeInTheDocument();
    expect(screen.getByTestId('continue')).toBeInTheDocument();
  });

  it('shows thinking collapsed and apart from the answer', () => {
    renderWith(MessageView, { message: message({ role: 'assistant', content: 'Four.', reasoning: 'two plus two' }) });
    const box = screen.getByTestId('thinking');
    expect(box.tagName).toBe('DETAILS');
    expect(box).not.toHaveAttribute('open');
    expect(box).toHaveTextContent('Thought process');
    expect(screen.getByTestId('thinking-text')).toHaveTextContent('two plus two');
    expect(screen.getByTestId('message').querySelector('.md')).not.toHaveTextContent('two plus two');
  });

  it('says Thinking… while only thinking has arrived, and why it waits', () => {
    renderWith(MessageView, { message: message({ role: 'assistant', content: '' }), streaming: true, streamReasoning: 'hmm' });
    expect(screen.getByTestId('thinking')).toHaveTextContent('Thinking…');
  });

  it('shows the server wait while nothing arrives', () => {
    renderWith(MessageView, { message: message({ role: 'assistant', content: '' }), streaming: true, waitText: 'The server is still loading the model.' });
    expect(screen.getByTestId('turn-wait')).toHaveTextContent('loading the model');
  });

  it('shows the length-limit sentence for a truncated reply', () => {
    renderWith(MessageView, { message: message({ role: 'assistant', content: 'Half', status: 'interrupted', error: 'The model stopped at its length limit; choose Continue for the rest.', truncated: true }), isLast: true });
    expect(screen.getByTestId('message-interrupted')).toHaveTextContent('length limit');
    expect(screen.getByTestId('continue')).toBeInTheDocument();
  });

  it('marks a streaming message', () => {
    renderWith(MessageView, { message: message({ role: 'assistant', content: '' }), streaming: true, streamText: 'Typing now' });
    expect(screen.getByTestId('message')).toHaveAttribute('data-status', 'streaming');
    expect(screen.getByTestId('message')).toHaveTextContent('Typing now');
  });

  it('discloses used memories and notes held-back ones', async () => {
    fakeApi.chat.usedMemories.mockResolvedValue([mem({ text: 'Likes space' })]);
    renderWith(MessageView, { message: message({ id: 'a1', role: 'assistant', content: 'ok', usedMemories: ['mem1'], heldBack: 2 }) });
    expect(screen.getByTestId('held-back')).toHaveTextContent('2 sensitive memories or passages held back');
    await fireEvent.click(screen.getByTestId('used-memories-toggle'));
    expect(await screen.findByTestId('used-memories')).toHaveTextContent('Likes space');
    expect(fakeApi.chat.usedMemories).toHaveBeenCalledWith('tutor', 'a1');
  });

  it('shows the error sentence on a failed reply', () => {
    renderWith(MessageView, { message: message({ role: 'assistant', content: '', status: 'error', error: 'The endpoint is offline.' }) });
    expect(screen.getByTestId('message-error')).toHaveTextContent('The endpoint is offline.');
  });
});
