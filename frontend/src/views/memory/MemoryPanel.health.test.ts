import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent, waitFor } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { module, memory as mem } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import { createStores } from '../../stores/index.svelte';
import MemoryPanel from './MemoryPanel.svelte';
import type { ExtractionHealth } from '../../api';

const health = (o: Partial<ExtractionHealth> = {}): ExtractionHealth => ({
  moduleId: 'tutor', failures: 0, lastFailureKind: '', lastFailureAt: 0, lastSuccessAt: 1, failing: false, ...o,
});

function setup() {
  const stores = createStores();
  stores.modules.all = [module()];
  stores.modules.activeId = 'tutor';
  stores.ui.memoryOpen = true;
  return renderWith(MemoryPanel, {}, stores);
}

beforeEach(() => {
  resetFakes();
  fakeApi.memory.list.mockResolvedValue([mem()]);
  fakeApi.memory.counts.mockResolvedValue({ tutor: 1, shared: 0 });
});

describe('MemoryPanel extraction notice', () => {
  it('tells the user when saving memories failed 3 times in a row', async () => {
    fakeApi.memory.extractionHealth.mockResolvedValue(health({ failures: 3, failing: true, lastFailureKind: 'bad_reply' }));
    setup();
    const notice = await screen.findByTestId('memory-extraction-notice');
    expect(fakeApi.memory.extractionHealth).toHaveBeenCalledWith('tutor');
    expect(notice).toHaveAttribute('role', 'status');
    expect(notice).toHaveTextContent(`Hearth couldn't save memories from your last 3 messages with ${module().name}`);
    expect(notice).toHaveTextContent("the model's replies weren't in the expected format");
  });

  it('shows nothing while extraction works', async () => {
    fakeApi.memory.extractionHealth.mockResolvedValue(health({ failures: 2, lastFailureKind: 'server_error' }));
    setup();
    await screen.findAllByTestId('memory-item');
    await waitFor(() => expect(fakeApi.memory.extractionHealth).toHaveBeenCalled());
    expect(screen.queryByTestId('memory-extraction-notice')).toBeNull();
  });

  it('is not shown on the Shared tab', async () => {
    fakeApi.memory.extractionHealth.mockResolvedValue(health({ failures: 5, failing: true, lastFailureKind: 'server_error' }));
    setup();
    expect(await screen.findByTestId('memory-extraction-notice')).toHaveTextContent('model server');
    await fireEvent.click(screen.getByTestId('memory-tab-shared'));
    await waitFor(() => expect(screen.queryByTestId('memory-extraction-notice')).toBeNull());
  });
});
