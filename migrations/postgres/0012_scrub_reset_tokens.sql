-- A password-reset message that is settled (sent, failed or cancelled) needs no copy of its
-- link: earlier versions kept the token in cancelled rows. Pending rows still need theirs.
UPDATE notifications SET payload = '{}'
 WHERE kind = 'password_reset' AND status NOT IN ('pending', 'sending');
