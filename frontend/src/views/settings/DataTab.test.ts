import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent, waitFor } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { module } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import { createStores } from '../../stores/index.svelte';
import { ApiError } from '../../api';
import DataTab from './DataTab.svelte';

const session = (id: string) => ({ id, moduleId: 'kitchen', title: `Chat ${id}`, createdAt: 1, updatedAt: 1, temporary: false });

beforeEach(() => resetFakes());

function setup() {
  const stores = createStores();
  stores.modules.all = [module(), module({ id: 'kitchen', name: 'Kitchen', icon: '🍳' })];
  stores.modules.activeId = 'tutor';
  renderWith(DataTab, {}, stores);
  return stores;
}

describe('DataTab ChatGPT import', () => {
  it('imports into the chosen module, shows the counts and refreshes that module\'s sessions', async () => {
    fakeApi.data.chooseImportFile.mockResolvedValue('/home/a/Downloads/chatgpt-export.zip');
    fakeApi.data.importChatGPT.mockResolvedValue({ sessions: 2, messages: 17 });
    fakeApi.sessions.list.mockResolvedValue([session('s1'), session('s2')]);
    const stores = setup();
    const start = screen.getByTestId('chatgpt-start');
    expect(start).toBeDisabled();
    await fireEvent.click(screen.getByTestId('chatgpt-choose'));
    expect(await screen.findByTestId('chatgpt-path')).toHaveTextContent('chatgpt-export.zip');
    await fireEvent.change(screen.getByTestId('chatgpt-module'), { target: { value: 'kitchen' } });
    await fireEvent.click(start);

    const result = await screen.findByTestId('chatgpt-result');
    expect(result).toHaveTextContent('Imported 2 chats with 17 messages into Kitchen.');
    expect(fakeApi.data.importChatGPT).toHaveBeenCalledWith('/home/a/Downloads/chatgpt-export.zip', 'kitchen');
    expect(fakeApi.sessions.list).toHaveBeenCalledWith('kitchen', expect.any(Number), 0);
    await waitFor(() => expect(stores.sessions.of('kitchen').items.map((s) => s.id)).toEqual(['s1', 's2']));
  });

  it('shows a refused file as a clear message and no counts', async () => {
    fakeApi.data.chooseImportFile.mockResolvedValue('/tmp/notes.txt');
    fakeApi.data.importChatGPT.mockRejectedValue(new ApiError('invalid', 'This is not a ChatGPT export.'));
    const stores = setup();
    await fireEvent.click(screen.getByTestId('chatgpt-choose'));
    await screen.findByTestId('chatgpt-path');
    await fireEvent.click(screen.getByTestId('chatgpt-start'));
    await waitFor(() => expect(stores.toasts.items.map((t) => t.text)).toEqual(['This is not a ChatGPT export.']));
    expect(fakeApi.data.importChatGPT).toHaveBeenCalledWith('/tmp/notes.txt', 'tutor');
    expect(screen.queryByTestId('chatgpt-result')).toBeNull();
  });
});
