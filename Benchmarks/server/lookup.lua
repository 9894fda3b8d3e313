-- wrk script: random lookups over the catalog's NORAD numbers.
-- KANSHI_IDS: a file with one NORAD catalog number per line.
-- KANSHI_PATH: "object" for /api/v1/objects/{id}, "gp" for /api/v1/gp?norad_cat_id={id}&format=json.
local ids = {}
local kind = os.getenv("KANSHI_PATH") or "object"
-- KANSHI_TOKEN: the API token every request sends (issue 9).
local token = os.getenv("KANSHI_TOKEN")
if token then wrk.headers["Authorization"] = "Bearer " .. token end
for line in io.lines(os.getenv("KANSHI_IDS")) do ids[#ids + 1] = line end
math.randomseed(os.time())

request = function()
  local id = ids[math.random(#ids)]
  if kind == "gp" then
    return wrk.format("GET", "/api/v1/gp?norad_cat_id=" .. id .. "&format=json")
  elseif kind == "tle" then
    return wrk.format("GET", "/api/v1/gp?norad_cat_id=" .. id .. "&format=tle")
  end
  return wrk.format("GET", "/api/v1/objects/" .. id)
end

-- One machine-readable line at the end: requests/s, p50, p99 (ms), errors.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, errors))
end
