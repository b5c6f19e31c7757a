-- bench/run compare (wrk): every request a random market, timeframe and `before` over the window,
-- limit=500. Arguments after "--": comma-separated exchange:symbol list, window start and end (epoch ms),
-- comma-separated timeframes in minutes (default all seven).
local markets, tfs = {}, {}
local from, to = 0, 0

function init(args)
  for m in string.gmatch(args[1], "[^,]+") do table.insert(markets, m) end
  from, to = tonumber(args[2]), tonumber(args[3])
  for t in string.gmatch(args[4] or "1,5,15,30,60,240,1440", "[^,]+") do table.insert(tfs, t) end
  -- a different sequence per thread (init runs once per thread)
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6) + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  local m = markets[math.random(#markets)]
  local exchange, symbol = m:match("([^:]+):(.+)")
  local before = math.floor(from + math.random() * (to - from))
  return wrk.format("GET", "/api/candles?exchange=" .. exchange .. "&symbol=" .. symbol .. "&tf=" ..
      tfs[math.random(#tfs)] .. "&limit=500&before=" .. string.format("%d", before))
end
