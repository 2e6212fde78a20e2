import { describe, it, expect, beforeEach, vi } from 'vitest';
vi.mock('../../api', async (orig) => ({ ...(await orig<object>()), ...(await import('../../test/fakeApi')).fakeApi }));
import { screen, fireEvent, waitFor } from '@testing-library/svelte';
import { fakeApi, resetFakes } from '../../test/fakeApi';
import { module } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import { createStores } from '../../stores/index.svelte';
import type { Document } from '../../api';
import DocumentsPanel from './DocumentsPanel.svelte';

const doc = (o: Partial<Document> = {}): Document => ({
  id: 'd1', scope: 'kitchen', originModule: 'kitchen', name: 'recipes.pdf', kind: 'pdf', sensitivity: 'normal',
  bytes: 1000, pages: 12, chunks: 30, createdAt: 1, ...o,
});

function setup() {
  const stores = createStores();
  stores.modules.all = [module({ id: 'kitchen', name: 'Kitchen' })];
  stores.modules.activeId = 'kitchen';
  stores.documents.open = true;
  return renderWith(DocumentsPanel, {}, stores);
}

beforeEach(() => {
  resetFakes();
  fakeApi.documents.list.mockResolvedValue([doc(), doc({ id: 'd2', name: 'house.md', kind: 'markdown', scope: 'shared', sensitivity: 'sensitive', pages: 0, chunks: 1 })]);
});

describe('DocumentsPanel', () => {
  it("lists the module's and shared documents with their flags", async () => {
    setup();
    await waitFor(() => expect(screen.getAllByTestId('document')).toHaveLength(2));
    expect(fakeApi.documents.list).toHaveBeenCalledWith('kitchen');
    expect(screen.getAllByTestId('document')[0]).toHaveTextContent('PDF, 12 pages · 30 passages');
    const shared = screen.getAllByTestId('document-shared') as HTMLInputElement[];
    const sensitive = screen.getAllByTestId('document-sensitive') as HTMLInputElement[];
    expect([shared[0].checked, shared[1].checked]).toEqual([false, true]);
    expect([sensitive[0].checked, sensitive[1].checked]).toEqual([false, true]);
    expect(screen.getByLabelText('Share recipes.pdf with every module')).toBeInTheDocument();
  });

  it('adds a file with the dialog, as shared when asked', async () => {
    fakeApi.documents.addFile.mockResolvedValue({ document: doc({ id: 'd3', name: 'syllabus.docx', kind: 'docx', chunks: 4 }), canceled: false });
    setup();
    await screen.findAllByTestId('document');
    await fireEvent.click(screen.getByTestId('documents-new-shared'));
    await fireEvent.click(screen.getByTestId('documents-add'));
    await waitFor(() => expect(screen.getByTestId('documents-status')).toHaveTextContent('Added syllabus.docx (4 passages).'));
    expect(fakeApi.documents.addFile).toHaveBeenCalledWith({ moduleId: 'kitchen', shared: true, sensitive: false });
  });

  it('adds dropped files by their bytes', async () => {
    fakeApi.documents.addData.mockResolvedValue(doc({ id: 'd4', name: 'notes.txt', kind: 'text', chunks: 1 }));
    setup();
    await screen.findAllByTestId('document');
    const file = new File(['Bleed the radiators in October.'], 'notes.txt', { type: 'text/plain' });
    await fireEvent.drop(screen.getByTestId('documents-panel'), { dataTransfer: { files: [file], types: ['Files'] } });
    await waitFor(() => expect(fakeApi.documents.addData).toHaveBeenCalled());
    const [req, name, b64] = fakeApi.documents.addData.mock.calls[0];
    expect(req).toEqual({ moduleId: 'kitchen', shared: false, sensitive: false });
    expect(name).toBe('notes.txt');
    expect(atob(b64)).toBe('Bleed the radiators in October.');
  });

  it('marks a document sensitive and removes one after confirming', async () => {
    fakeApi.documents.setSensitive.mockResolvedValue(doc({ sensitivity: 'sensitive' }));
    setup();
    await screen.findAllByTestId('document');
    await fireEvent.click(screen.getAllByTestId('document-sensitive')[0]);
    await waitFor(() => expect(fakeApi.documents.setSensitive).toHaveBeenCalledWith('kitchen', 'd1', true));
    await fireEvent.click(screen.getAllByTestId('document-remove')[0]);
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(screen.getAllByTestId('document')).toHaveLength(1));
    expect(fakeApi.documents.remove).toHaveBeenCalledWith('kitchen', 'd1');
  });
});
