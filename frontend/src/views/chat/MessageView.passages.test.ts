import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { message, memory as mem } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import MessageView from './MessageView.svelte';

beforeEach(() => resetFakes());

describe('MessageView passages', () => {
  it('discloses the memories and passages a reply used and opens a passage', async () => {
    fakeApi.chat.usedMemories.mockResolvedValue([mem({ text: 'Likes space' })]);
    fakeApi.documents.usedPassages.mockResolvedValue([
      { id: 'c1', documentId: 'd1', documentName: 'recipes.pdf', scope: 'kitchen', page: 12, heading: 'Soups', text: 'Simmer the lentils for twenty-two minutes.', sensitive: false },
    ]);
    renderWith(MessageView, { message: message({ id: 'a1', moduleId: 'kitchen', role: 'assistant', content: 'ok', usedMemories: ['mem1'], usedPassages: ['c1'] }) });
    const toggle = screen.getByTestId('used-memories-toggle');
    expect(toggle).toHaveTextContent('Used 1 memory and 1 passage');
    await fireEvent.click(toggle);
    expect(await screen.findByTestId('used-memories')).toHaveTextContent('Likes space');
    const link = await screen.findByTestId('used-passage');
    expect(link).toHaveTextContent('recipes.pdf, page 12, Soups');
    expect(fakeApi.documents.usedPassages).toHaveBeenCalledWith('kitchen', 'a1');
    await fireEvent.click(link);
    const dlg = await screen.findByTestId('passage-dialog');
    expect(dlg).toHaveAttribute('role', 'dialog');
    expect(screen.getByTestId('passage-text')).toHaveTextContent('Simmer the lentils for twenty-two minutes.');
    expect(screen.getByTestId('passage-where')).toHaveTextContent('page 12, Soups');
  });

  it('says passages only when no memory was used, and when their document is gone', async () => {
    fakeApi.documents.usedPassages.mockResolvedValue([]);
    renderWith(MessageView, { message: message({ id: 'a2', role: 'assistant', content: 'ok', usedPassages: ['c1', 'c2'] }) });
    const toggle = screen.getByTestId('used-memories-toggle');
    expect(toggle).toHaveTextContent('Used 2 passages');
    await fireEvent.click(toggle);
    expect(await screen.findByText('Those documents have since been removed.')).toBeInTheDocument();
    expect(fakeApi.chat.usedMemories).not.toHaveBeenCalled();
  });
});
