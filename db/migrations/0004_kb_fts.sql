-- Custom SQL migration (drizzle-kit generate --custom): drizzle's schema cannot express FTS5 virtual tables or
-- triggers, so this is the one hand-written migration; drizzle's documented path for SQL it cannot express.
-- kb_fts is an external-content FTS5 index over kb_documents (title, body, tags; BM25 ranking via bm25()).
-- The triggers keep it in sync with every insert, update and delete of kb_documents.
CREATE VIRTUAL TABLE `kb_fts` USING fts5(title, body, tags, content='kb_documents', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `kb_documents_ai` AFTER INSERT ON `kb_documents` BEGIN
  INSERT INTO kb_fts(rowid, title, body, tags) VALUES (new.id, new.title, new.body, new.tags);
END;
--> statement-breakpoint
CREATE TRIGGER `kb_documents_ad` AFTER DELETE ON `kb_documents` BEGIN
  INSERT INTO kb_fts(kb_fts, rowid, title, body, tags) VALUES ('delete', old.id, old.title, old.body, old.tags);
END;
--> statement-breakpoint
CREATE TRIGGER `kb_documents_au` AFTER UPDATE ON `kb_documents` BEGIN
  INSERT INTO kb_fts(kb_fts, rowid, title, body, tags) VALUES ('delete', old.id, old.title, old.body, old.tags);
  INSERT INTO kb_fts(rowid, title, body, tags) VALUES (new.id, new.title, new.body, new.tags);
END;
