-- Takes back an increment the durable store did not take (its write failed) or already had
-- (the idempotency key was recorded there during an outage), and fixes the remembered decision.
-- KEYS[1] counter, KEYS[2] decisions; ARGV[1] quantity, ARGV[2] idempotency key ('' = none),
-- ARGV[3] decision to remember instead ('' = forget it, so a retry is decided again),
-- ARGV[4] expiry (epoch millis).
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('DECRBY', KEYS[1], ARGV[1])
end
if ARGV[2] ~= '' then
  if ARGV[3] == '' then
    redis.call('HDEL', KEYS[2], ARGV[2])
  else
    redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
    redis.call('PEXPIREAT', KEYS[2], ARGV[4])
  end
end
return 1
