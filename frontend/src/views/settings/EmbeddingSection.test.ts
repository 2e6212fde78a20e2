import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent, waitFor } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { renderWith } from '../../test/render';
import { createStores } from '../../stores/index.svelte';
import EmbeddingSection from './EmbeddingSection.svelte';

const status = (o: object = {}) => ({ model: '', endpointId: '', done: 0, total: 0, running: false, offline: false, problem: '', ...o });

beforeEach(() => resetFakes());

describe('EmbeddingSection', () => {
  it('sets the embedding model and shows the background progress', async () => {
    fakeApi.embedding.status.mockResolvedValue(status());
    fakeApi.embedding.setModel.mockResolvedValue(status({ model: 'nomic-embed-text', endpointId: 'ep1', done: 3, total: 10, running: true }));
    const stores = createStores();
    stores.endpoints.list = [{ id: 'ep1', name: 'Home', baseUrl: 'http://127.0.0.1:11434/v1', defaultModel: '', hasApiKey: false, local: true, createdAt: 1 }];
    renderWith(EmbeddingSection, {}, stores);
    await waitFor(() => expect(fakeApi.embedding.status).toHaveBeenCalled());
    expect(screen.queryByTestId('embedding-progress')).toBeNull();
    await fireEvent.change(screen.getByTestId('embedding-endpoint'), { target: { value: 'ep1' } });
    await fireEvent.input(screen.getByTestId('embedding-model'), { target: { value: ' nomic-embed-text ' } });
    await fireEvent.click(screen.getByTestId('embedding-save'));
    expect(fakeApi.embedding.setModel).toHaveBeenCalledWith('ep1', 'nomic-embed-text');
    const p = await screen.findByTestId('embedding-progress');
    expect(p).toHaveTextContent('3 of 10 embedded (30 %) · working in the background');
  });

  it('says when the embedding server is down, without blocking anything', async () => {
    fakeApi.embedding.status.mockResolvedValue(status({ model: 'm', done: 2, total: 3, offline: true, problem: 'The embedding server is not reachable.' }));
    renderWith(EmbeddingSection, {}, createStores());
    const note = await screen.findByTestId('embedding-offline');
    expect(note).toHaveTextContent('The embedding server is not reachable. Chat searches by keywords until it is back');
    expect(screen.getByTestId('embedding-model')).toHaveValue('m');
  });
});
