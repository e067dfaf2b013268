-- wrk script: books visits from a CSV of free slots (service,clinic,specialist,start), as a
-- same-site form post with a CSRF cookie and token, a fresh form key and a fresh guest phone.
-- SLOTS names the file; SAME_SLOTS=N makes every thread race for the last N slots instead.
local slots = {}
local csrf = string.rep("c5", 32)

local function hex(n)
  local t = {}
  for i = 1, n do t[i] = string.format("%x", math.random(0, 15)) end
  return table.concat(t)
end

local threads = {}

function setup(thread)
  thread:set("id", setup_count or 0)
  setup_count = (setup_count or 0) + 1
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("SLOTS")) do
    local service, clinic, specialist, start = line:match("^([^,]+),([^,]+),([^,]+),(%d+)$")
    if service then
      table.insert(slots, { service = service, clinic = clinic, specialist = specialist, start = start })
    end
  end
  math.randomseed(os.time() * 1000 + id)
  same = tonumber(os.getenv("SAME_SLOTS") or "0")
  stride = tonumber(os.getenv("THREADS") or "2")
  next_slot = id + 1
  sent = 0
  statuses = {}
end

-- Counts answers by HTTP status, so the report can say what the non-2xx answers were.
function response(status, headers, body)
  if exhausted then
    wrk.thread:stop()
    return
  end
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do table.insert(parts, status .. "=" .. n) end
  table.sort(parts)
  io.write("Statuses: ", table.concat(parts, " "), "\n")
end

function request()
  local slot
  if same > 0 then
    -- The last slots of the list: the booking scenario before this one starts from the top.
    slot = slots[#slots - (sent % same)]
  else
    slot = slots[next_slot]
    next_slot = next_slot + stride
    if slot == nil then
      -- Out of free slots: this thread stops (a repeated slot would only measure refusals).
      exhausted = true
      return wrk.format("GET", "/healthz")
    end
  end
  sent = sent + 1
  local body = table.concat({
    "csrf=" .. csrf, "key=" .. hex(64), "service=" .. slot.service, "clinic=" .. slot.clinic,
    "specialist=" .. slot.specialist, "start=" .. slot.start, "full_name=Load+Test",
    "phone=%2B7903" .. string.format("%07d", math.random(0, 9999999)), "consent=on",
  }, "&")
  return wrk.format("POST", "/api/booking/book", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "priyom_csrf=" .. csrf,
    ["Sec-Fetch-Site"] = "same-origin",
  }, body)
end
