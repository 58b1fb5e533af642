-- The register of incoming documents (sổ văn bản đến): each incoming document's number
-- (Document::received_serial), from 1 each year per organisation, the year being the
-- day it was registered in Vietnam's time. The documents already registered are
-- numbered in the order they were registered, and the register continues after them.
ALTER TABLE documents ADD COLUMN received_serial INTEGER;
UPDATE documents
   SET received_serial = (
       SELECT COUNT(*) FROM documents AS d
        WHERE d.org_id = documents.org_id
          AND d.direction = 'incoming'
          AND strftime('%Y', d.registered_at, '+7 hours')
              = strftime('%Y', documents.registered_at, '+7 hours')
          AND d.id <= documents.id)
 WHERE direction = 'incoming';
INSERT INTO registers (org_id, year, series, last_number)
SELECT org_id, CAST(strftime('%Y', registered_at, '+7 hours') AS INTEGER), 'incoming',
       MAX(received_serial)
  FROM documents
 WHERE direction = 'incoming'
 GROUP BY org_id, strftime('%Y', registered_at, '+7 hours');
