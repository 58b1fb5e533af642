-- A document received as an edXML package keeps its sender's ids, which a status
-- answer names (ResponseFor's OrganId and DocumentId); NULL for every other document.
ALTER TABLE documents ADD COLUMN exchange_organ_id TEXT;
ALTER TABLE documents ADD COLUMN exchange_document_id TEXT;
