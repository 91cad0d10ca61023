/** The knowledge base: documents (documents.ts), file formats (parse.ts), storage (worker/store/kb.ts), BM25 search (search.ts), Zendesk sync (sync.ts). */
export { KB_KINDS, kbDocumentInput, normaliseDocument, type KbDocument, type KbDocumentInput, type KbKind } from "./documents";
export { detectKbFormat, formatProblem, KbParseError, parseKbFile, type KbFormat, type KbProblem } from "./parse";
export { bestPassage, ftsQuery, searchKb, searchTerms, type KbHit, type SearchOptions } from "./search";
export { deleteDocument, getDocument, listDocuments, upsertDocuments, type KbSource, type UpsertResult } from "../store/kb";
export { syncFromZendesk, type SyncResult } from "./sync";
