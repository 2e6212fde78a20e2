import { describe, it, expect } from 'vitest';
import { screen, waitFor } from '@testing-library/svelte';
import { module } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import { createStores } from '../../stores/index.svelte';
import Header from './Header.svelte';

const endpoint = { id: 'ep1', name: 'Home server', baseUrl: 'http://localhost:11434/v1', defaultModel: '', hasApiKey: false, local: true };

describe('Header', () => {
  it('says a change of the endpoint state in a status region, not the first state', async () => {
    const stores = createStores();
    stores.modules.all = [module()];
    stores.modules.activeId = 'tutor';
    stores.endpoints.list = [endpoint as never];
    stores.endpoints.defaultId = 'ep1';
    stores.endpoints.status = { ep1: { id: 'ep1', online: true, message: '', checkedAt: 1, state: 'online', checking: false } };
    renderWith(Header, {}, stores);
    const region = screen.getByTestId('endpoint-status');
    expect(region).toHaveAttribute('role', 'status');
    await waitFor(() => expect(screen.getByTestId('endpoint-badge')).toHaveTextContent('Online'));
    expect(region).toHaveTextContent('');

    stores.endpoints.status = { ep1: { id: 'ep1', online: false, message: 'refused', checkedAt: 2, state: 'offline', checking: false } };
    await waitFor(() => expect(region).toHaveTextContent('AI endpoint Home server: Offline'));
  });

  it('names the Search button by its visible text', () => {
    const stores = createStores();
    stores.modules.all = [module()];
    stores.modules.activeId = 'tutor';
    renderWith(Header, {}, stores);
    expect(screen.getByTestId('open-search')).not.toHaveAttribute('aria-label');
    expect(screen.getByTestId('open-search')).toHaveTextContent(/^Search/);
  });
});
