import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent, waitFor, within } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { module, memory as mem } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import { createStores } from '../../stores/index.svelte';
import MemoryPanel from './MemoryPanel.svelte';

function setup() {
  const stores = createStores();
  stores.modules.all = [module()];
  stores.modules.activeId = 'tutor';
  stores.ui.memoryOpen = true;
  return renderWith(MemoryPanel, {}, stores);
}

beforeEach(() => {
  resetFakes();
  fakeApi.memory.list.mockResolvedValue([mem(), mem({ id: 'mem2', text: 'Secret diagnosis', sensitivity: 'sensitive' })]);
  fakeApi.memory.counts.mockResolvedValue({ tutor: 2, shared: 0 });
});

describe('MemoryPanel', () => {
  it('lists the module memories with a sensitivity marker and counts', async () => {
    setup();
    await waitFor(() => expect(screen.getAllByTestId('memory-item')).toHaveLength(2));
    expect(fakeApi.memory.list).toHaveBeenCalledWith('tutor', '');
    expect(screen.getAllByTestId('memory-sensitive')).toHaveLength(1);
    expect(screen.getByTestId('memory-tab-module')).toHaveTextContent('2');
  });

  it('adds a memory', async () => {
    fakeApi.memory.add.mockResolvedValue(mem({ id: 'mem3', text: 'Bedtime is 8pm' }));
    setup();
    await screen.findAllByTestId('memory-item');
    await fireEvent.click(screen.getByTestId('memory-add'));
    await fireEvent.input(screen.getByTestId('memory-add-text'), { target: { value: 'Bedtime is 8pm' } });
    await fireEvent.click(screen.getByTestId('memory-add-save'));
    await waitFor(() => expect(screen.getAllByTestId('memory-item')).toHaveLength(3));
    expect(fakeApi.memory.add).toHaveBeenCalledWith('tutor', 'Bedtime is 8pm', 'fact', 'normal');
    expect(screen.getAllByTestId('memory-item')[0]).toHaveTextContent('Bedtime is 8pm');
  });

  it('edits, shows history and undoes', async () => {
    fakeApi.memory.update.mockResolvedValue(mem({ text: 'Loves space' }));
    fakeApi.memory.history.mockResolvedValue([{ seq: 2, memoryId: 'mem1', action: 'edit', oldText: 'Likes space', newText: 'Loves space', oldScope: 'tutor', newScope: 'tutor', at: 1 }]);
    fakeApi.memory.undo.mockResolvedValue(mem({ text: 'Likes space' }));
    setup();
    const item = (await screen.findAllByTestId('memory-item'))[0];
    await fireEvent.click(within(item).getByTestId('memory-edit'));
    await fireEvent.input(within(item).getByTestId('memory-edit-text'), { target: { value: 'Loves space' } });
    await fireEvent.click(within(item).getByTestId('memory-edit-save'));
    await waitFor(() => expect(screen.getAllByTestId('memory-item')[0]).toHaveTextContent('Loves space'));
    expect(fakeApi.memory.update).toHaveBeenCalledWith('tutor', 'mem1', 'Loves space', 'fact', 'normal');

    const again = screen.getAllByTestId('memory-item')[0];
    await fireEvent.click(within(again).getByTestId('memory-history'));
    const hist = await within(again).findByTestId('memory-history-list');
    expect(hist).toHaveTextContent('Likes space');
    await fireEvent.click(within(again).getByTestId('memory-undo'));
    await waitFor(() => expect(screen.getAllByTestId('memory-item')[0]).toHaveTextContent('Likes space'));
    expect(fakeApi.memory.undo).toHaveBeenCalledWith('tutor', 'mem1');
  });

  it('forgets after confirmation', async () => {
    setup();
    const item = (await screen.findAllByTestId('memory-item'))[0];
    await fireEvent.click(within(item).getByTestId('memory-forget'));
    expect(fakeApi.memory.forget).not.toHaveBeenCalled();
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(screen.getAllByTestId('memory-item')).toHaveLength(1));
    expect(fakeApi.memory.forget).toHaveBeenCalledWith('tutor', 'mem1');
  });
});
