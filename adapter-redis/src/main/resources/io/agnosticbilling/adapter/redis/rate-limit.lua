-- Sliding-window log: the hits of one key as a sorted set scored by time (epoch millis).
-- KEYS[1] hits; ARGV[1] now, ARGV[2] window, ARGV[3] max hits, ARGV[4] member of a new hit
-- ('' = only ask). Returns the millis left to wait, or -1 when the key may try now.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if ARGV[4] ~= '' then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  -- Only the newest max hits decide the wait, so memory per key stays bounded.
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(max + 1))
  redis.call('PEXPIRE', KEYS[1], window)
end
local count = redis.call('ZCARD', KEYS[1])
if count < max then
  return -1
end
local oldest = redis.call('ZRANGE', KEYS[1], count - max, count - max, 'WITHSCORES')
local left = tonumber(oldest[2]) + window - now
if left <= 0 then
  return -1
end
return left
