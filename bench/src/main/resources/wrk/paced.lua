-- backfill-busy's paced readers: each connection waits 250 ms after every answer before its next request
-- (wrk's delay()), as a chart user who scrolls does, instead of a closed loop that always has a request in
-- flight. Keep in step with BackfillReaders.PACED_MILLIS.
function delay()
  return 250
end
