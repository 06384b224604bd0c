-- One usage record as one atomic step: replay, rehydrate, check the limit, increment, remember.
-- KEYS[1] counter (string), KEYS[2] first decisions by idempotency key (hash); both carry the
-- organization id as hash tag, so they live in one cluster slot.
-- ARGV[1] quantity, ARGV[2] limit (-1 = unlimited), ARGV[3] idempotency key ('' = none),
-- ARGV[4] expiry (epoch millis), ARGV[5] durable count to start from when the counter is
-- missing ('' = not read yet).
-- Returns {status, allowed, usedBefore, usedAfter}: status 0 = decided now, 1 = replayed,
-- 2 = counter missing and no durable count given (the caller reads it and calls again).
local idem = ARGV[3]
if idem ~= '' then
  local first = redis.call('HGET', KEYS[2], idem)
  if first then
    local allowed, before, after = string.match(first, '^(%d+):(%d+):(%d+)$')
    return {1, tonumber(allowed), tonumber(before), tonumber(after)}
  end
end
local used = redis.call('GET', KEYS[1])
if not used then
  if ARGV[5] == '' then
    return {2, 0, 0, 0}
  end
  -- Restarted, flushed or evicted: continue from the durable count, never from zero. The key is
  -- known to be missing here and the script is atomic, so this is SET NX.
  used = ARGV[5]
  redis.call('SET', KEYS[1], used)
  redis.call('PEXPIREAT', KEYS[1], ARGV[4])
end
used = tonumber(used)
local quantity = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local decision
if limit < 0 or used + quantity <= limit then
  local after = redis.call('INCRBY', KEYS[1], quantity)
  redis.call('PEXPIREAT', KEYS[1], ARGV[4])
  decision = {0, 1, used, after}
else
  decision = {0, 0, used, used}
end
if idem ~= '' then
  redis.call('HSET', KEYS[2], idem, string.format('%d:%d:%d', decision[2], decision[3], decision[4]))
  redis.call('PEXPIREAT', KEYS[2], ARGV[4])
end
return decision
