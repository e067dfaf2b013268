-- E-mail addresses are stored lowercased (sign-in compares them lowercased); staff forms used
-- to keep the case a person typed. Lowercase those, except where two accounts would then
-- share one address: those stay as they are for an administrator to merge by hand.
UPDATE users
   SET email = lower(email)
 WHERE email IS NOT NULL
   AND email <> lower(email)
   AND NOT EXISTS (
         SELECT 1 FROM users AS other
          WHERE other.id <> users.id AND lower(other.email) = lower(users.email)
       );
