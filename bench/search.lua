-- wrk script: customer searches over the JSON API with a session cookie.
-- QUERIES (env) chooses the set: "kana", "phone", "karte" (a tap's カルテ page, TAPS taps) or "healthz".
local kind = os.getenv("QUERIES") or "kana"
local cookie = os.getenv("COOKIE") or ""
local sets = {
  kana = {"サトウ", "スズキ", "タカハシ", "たなか", "ﾜﾀﾅﾍﾞ", "イトウ", "やまもと", "ナカムラ", "コバヤシ", "カトウ",
          "モチヅキ", "アメミヤ", "フカサワ", "シムラ", "オザワ", "ホサカ", "ヨシダ", "ヤマダ", "ササキ", "マツモト"},
  phone = {"090", "080", "0552", "1234", "5678", "0012", "9876", "090-12", "055-2", "4321",
           "3333", "070", "2468", "1357", "8080", "0550", "6543", "7777", "0901", "2020"},
}
local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local taps = tonumber(os.getenv("TAPS") or "120000")
local counter = 0
request = function()
  counter = counter + 1
  if kind == "healthz" then
    return wrk.format("GET", "/healthz")
  end
  if kind == "karte" then
    -- the demo numbers taps 10000001 upwards; any of them, as a clerk's calls come
    return wrk.format("GET", "/karte/" .. tostring(10000000 + math.random(1, taps)), {["Cookie"] = cookie})
  end
  local list = sets[kind]
  local q = list[(counter % #list) + 1]
  return wrk.format("GET", "/api/v1/customers?q=" .. urlencode(q), {["Cookie"] = cookie})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT kind=%s requests=%d errors=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d rps=%.0f\n",
    kind, summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.requests / (summary.duration / 1e6)))
end
