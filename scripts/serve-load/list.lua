-- wrk script for scripts/serve-load.sh: the decisions list at a random offset below 2,000.
math.randomseed(tonumber(os.getenv("VERDICT_LOAD_SEED") or "1"))
local auth = os.getenv("VERDICT_LOAD_AUTH")
request = function()
  local headers = {}
  if auth and auth ~= "" then headers["Authorization"] = auth end
  return wrk.format("GET", "/decisions?offset=" .. math.random(0, 1999), headers)
end
