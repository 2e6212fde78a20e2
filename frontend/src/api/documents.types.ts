// The documents' types: the generated Go models, with strings narrowed to
// the values Go sends.
import type { api, docs } from '../../wailsjs/go/models';
import type { Plain } from './types';

export type DocumentKind = 'text' | 'markdown' | 'html' | 'pdf' | 'docx';
export type Document = Omit<Plain<docs.Document>, 'kind' | 'sensitivity'> & { kind: DocumentKind; sensitivity: 'normal' | 'sensitive' };
export type Passage = Plain<docs.Passage>;
export type AddDocumentRequest = Plain<api.AddRequest>;
export type AddDocumentResult = { document: Document; canceled: boolean };
