-- Sliding-window log: the hits of one key as a sorted set scored by time (epoch millis). Checking
-- and counting happen in this one script, so concurrent attempts (from any instance) can never
-- both take the last place.
-- KEYS[1] hits; ARGV[1] now, ARGV[2] window, ARGV[3] max hits, ARGV[4] member of the new hit.
-- Returns -1 when the hit was counted, else the millis to wait (nothing counted).
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < max then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return -1
end
-- The hit whose expiry brings the count below max again.
local oldest = redis.call('ZRANGE', KEYS[1], count - max, count - max, 'WITHSCORES')
local left = tonumber(oldest[2]) + window - now
if left < 1 then
  left = 1
end
return left
