-- A participant's way in over the tunnel: the ssh public key they pasted on their seat page (the
-- agent installs it), and the claim's own tunnel token for `lablink ssh --seat`, kept sealed
-- (SecretBox) so the seat page can show it again and as a SHA-256 hash to find the claim by it.
ALTER TABLE claims ADD COLUMN ssh_public_key TEXT;
ALTER TABLE claims ADD COLUMN tunnel_token_sealed TEXT;
ALTER TABLE claims ADD COLUMN tunnel_token_hash TEXT;
CREATE UNIQUE INDEX claims_tunnel_token_hash ON claims (tunnel_token_hash) WHERE tunnel_token_hash IS NOT NULL;
