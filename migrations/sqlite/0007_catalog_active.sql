-- Specializations and service sections can be taken out of use like services and rooms:
-- nothing that points at them is deleted, the public site stops showing them.
ALTER TABLE specializations ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
ALTER TABLE service_categories ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
