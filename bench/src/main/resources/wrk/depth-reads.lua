-- bench/run depth (wrk): every request a random market and a random minute-aligned end time, asking the
-- span before it at one step (24 h at 1m: 1,441 steps). Arguments after "--": comma-separated
-- exchange:symbol list, earliest and latest end (epoch ms, minute-aligned), span ms, step ms.
local markets = {}
local first, last, span, step = 0, 0, 0, 0

function init(args)
  for m in string.gmatch(args[1], "[^,]+") do table.insert(markets, m) end
  first, last, span, step = tonumber(args[2]), tonumber(args[3]), tonumber(args[4]), tonumber(args[5])
  -- a different sequence per thread (init runs once per thread)
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6) + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  local m = markets[math.random(#markets)]
  local exchange, symbol = m:match("([^:]+):(.+)")
  local to = first + math.random(0, math.floor((last - first) / step)) * step
  return wrk.format("GET", "/api/depth?exchange=" .. exchange .. "&symbol=" .. symbol .. "&step=" ..
      string.format("%d", step) .. "&from=" .. string.format("%d", to - span) .. "&to=" .. string.format("%d", to))
end
