-- What a participant gave to connect (a Chrome Remote Desktop code) and the PIN made for the
-- claim, both encrypted (SecretBox): the database alone does not reveal them.
ALTER TABLE claims ADD COLUMN crd_code_sealed TEXT;
ALTER TABLE claims ADD COLUMN pin_sealed TEXT;
