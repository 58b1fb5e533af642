-- The register of incoming documents (sổ văn bản đến): each incoming document's number
-- (Document::received_serial), from 1 each year per organisation, the year being the
-- day it was registered in Vietnam's time. The documents already registered are
-- numbered in the order they were registered, and the register continues after them.
ALTER TABLE documents ADD COLUMN received_serial INTEGER;
UPDATE documents
   SET received_serial = numbered.n
  FROM (SELECT id,
               ROW_NUMBER() OVER (
                   PARTITION BY org_id,
                                EXTRACT(YEAR FROM registered_at AT TIME ZONE 'Asia/Ho_Chi_Minh')
                   ORDER BY id) AS n
          FROM documents
         WHERE direction = 'incoming') AS numbered
 WHERE documents.id = numbered.id;
INSERT INTO registers (org_id, year, series, last_number)
SELECT org_id, EXTRACT(YEAR FROM registered_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::INTEGER,
       'incoming', MAX(received_serial)
  FROM documents
 WHERE direction = 'incoming'
 GROUP BY org_id, EXTRACT(YEAR FROM registered_at AT TIME ZONE 'Asia/Ho_Chi_Minh');
