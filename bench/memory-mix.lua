-- wrk script for bench/run-memory-bench: every connection repeats
--   POST /api/v1/quotes                 (a new quote, a unique Idempotency-Key)
--   GET  /api/v1/quotes?limit=50        (the newest quotes, growing as they are made)
--   POST /api/v1/quotes
--   GET  /api/v1/subscriptions?limit=50
-- Arguments (after --): customer id, billing account id, product id, and a
-- prefix that makes this run's keys unique.

local threads = 0

function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end

function init(args)
	prefix = args[4] or "mem"
	counter = 0
	body = string.format(
		'{"customer":"%s","billing_account":"%s","lines":[{"product":"%s",' ..
		'"edition":"standard","user_tier":250,"billing_period":"annual","quantity":1}]}',
		args[1], args[2], args[3])
	-- wrk.format takes these instead of wrk.headers (-H): copy those in.
	post_headers = { ["Content-Type"] = "application/json" }
	for name, value in pairs(wrk.headers) do
		post_headers[name] = value
	end
end

function request()
	counter = counter + 1
	local step = counter % 4
	if step == 1 or step == 3 then
		post_headers["Idempotency-Key"] = string.format("%s-%d-%d", prefix, tid, counter)
		return wrk.format("POST", "/api/v1/quotes", post_headers, body)
	elseif step == 2 then
		return wrk.format("GET", "/api/v1/quotes?limit=50")
	else
		return wrk.format("GET", "/api/v1/subscriptions?limit=50")
	end
end
