-- Reference: librpm's rpm.vercmp (EVR-aware). Run as: rpm --eval "%{lua: dofile('rpm.lua')}" with
-- PAIRS_IN / PAIRS_OUT in the environment (rpm's lua has no stdin).
local out = assert(io.open(os.getenv("PAIRS_OUT"), "w"))
for line in io.lines(os.getenv("PAIRS_IN")) do
  local a, b = line:match("^([^\t]*)\t([^\t]*)$")
  if a then
    local ok, r = pcall(rpm.vercmp, a, b)
    local s = "!"
    if ok then s = (r < 0 and "-1") or (r > 0 and "1") or "0" end
    out:write(a, "\t", b, "\t", s, "\n")
  end
end
out:close()
