-- An authority's code on the national document axis (mã định danh), the OrganId of
-- the edXML packages it sends; NULL until an administrator sets it.
ALTER TABLE units ADD COLUMN organ_code TEXT;
