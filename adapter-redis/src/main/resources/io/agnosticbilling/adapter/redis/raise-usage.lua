-- Raises the counter to a count the durable store proved (never lowers it, never creates it: a
-- missing counter is rehydrated by record-usage.lua on its next use).
-- KEYS[1] counter; ARGV[1] the count it must be at least.
local used = redis.call('GET', KEYS[1])
if used and tonumber(used) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
  return 1
end
return 0
