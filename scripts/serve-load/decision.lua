-- wrk script for scripts/serve-load.sh: one decision's page, a random id of the ledger.
math.randomseed(tonumber(os.getenv("VERDICT_LOAD_SEED") or "2"))
local maximum = tonumber(os.getenv("VERDICT_LOAD_MAX_ID") or "1")
local auth = os.getenv("VERDICT_LOAD_AUTH")
request = function()
  local headers = {}
  if auth and auth ~= "" then headers["Authorization"] = auth end
  return wrk.format("GET", "/decisions/" .. math.random(1, maximum), headers)
end
