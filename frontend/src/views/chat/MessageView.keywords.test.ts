import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen } from '@testing-library/svelte';
import { resetFakes } from '../../test/fakeApi';
import { message } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import MessageView from './MessageView.svelte';

beforeEach(() => resetFakes());

describe('MessageView keyword fallback', () => {
  it('says quietly when a reply searched by keywords only', () => {
    renderWith(MessageView, { message: message({ role: 'assistant', content: 'ok', keywordsOnly: true }) });
    expect(screen.getByTestId('keywords-only')).toHaveTextContent('Searched by keywords only: the embedding server is not reachable.');
  });

  it('says nothing when retrieval by meaning worked (or is off)', () => {
    renderWith(MessageView, { message: message({ role: 'assistant', content: 'ok' }) });
    expect(screen.queryByTestId('keywords-only')).toBeNull();
  });
});
