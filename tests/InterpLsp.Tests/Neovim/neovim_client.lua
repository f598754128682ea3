-- Drives interp-lsp from Neovim's built-in LSP client (Neovim 0.7.x API), headless:
--   nvim --headless -u NONE -n -i NONE -S neovim_client.lua
-- Environment:
--   INTERP_NVIM_SERVER_CMD  JSON array: the server command line, e.g. ["dotnet","/x/interp-lsp.dll","serve"]
--   INTERP_NVIM_FILE        the text file to open
--   INTERP_NVIM_DIRECTION   a direction file (absolute path) for initializationOptions.directions
--   INTERP_NVIM_OUT         where the answers go (JSON)
--   INTERP_NVIM_HOVER_WORD  the word to hover (default "warm")
--   INTERP_NVIM_TIMEOUT_MS  overall time limit (default 80000)
-- Writes {ok=true, ...answers} or {ok=false, error=..., ...what was gathered} and always quits:
-- exit code 0 on success, 1 on failure, 2 on the overall timeout.

local out_path = os.getenv('INTERP_NVIM_OUT')
local overall_ms = tonumber(os.getenv('INTERP_NVIM_TIMEOUT_MS') or '') or 80000
local started = vim.loop.hrtime()
local report = { ok = false, steps = {} }
local finished = false

local function elapsed_ms() return math.floor((vim.loop.hrtime() - started) / 1e6) end
local function step(name) table.insert(report.steps, { name = name, at_ms = elapsed_ms() }) end

local function write_report()
  if not out_path then return end
  local ok, encoded = pcall(vim.fn.json_encode, report)
  if not ok then encoded = vim.fn.json_encode({ ok = false, error = 'could not encode the report: ' .. tostring(encoded) }) end
  local f = io.open(out_path, 'w')
  if f then f:write(encoded); f:close() end
end

local function finish(code)
  if finished then return end
  finished = true
  report.elapsed_ms = elapsed_ms()
  write_report()
  -- Stop the server politely (shutdown + exit), but never wait long for it.
  pcall(function()
    for _, c in pairs(vim.lsp.get_active_clients()) do c.stop() end
    vim.wait(2000, function() return vim.tbl_isempty(vim.lsp.get_active_clients()) end, 20)
  end)
  if code == 0 then vim.cmd('qall!') else os.exit(code) end
end

-- The overall limit: timers run while vim.wait spins the event loop.
vim.fn.timer_start(overall_ms, function()
  report.error = (report.error or '') .. string.format('overall timeout of %d ms', overall_ms)
  finish(2)
end)

local function fail(msg) error({ msg = msg }, 0) end

local function check_env(name)
  local v = os.getenv(name)
  if v == nil or v == '' then fail('environment variable ' .. name .. ' is not set') end
  return v
end

local function request(bufnr, client_id, method, params, timeout_ms)
  local results, err = vim.lsp.buf_request_sync(bufnr, method, params, timeout_ms)
  if not results then return nil, 'no answer to ' .. method .. ': ' .. tostring(err) end
  local r = results[client_id]
  if not r then return nil, 'client did not take ' .. method end
  if r.error then return nil, r.error end
  return r.result, nil
end

local function main()
  local cmd = vim.fn.json_decode(check_env('INTERP_NVIM_SERVER_CMD'))
  local file = check_env('INTERP_NVIM_FILE')
  local direction = check_env('INTERP_NVIM_DIRECTION')
  local word = os.getenv('INTERP_NVIM_HOVER_WORD') or 'warm'
  pcall(function() report.lsp_log = vim.lsp.get_log_path() end)
  report.nvim_version = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  report.uri = vim.uri_from_bufnr(bufnr)
  step('opened')

  local notifications = {}
  report.notifications = notifications
  local exit_info = nil
  local client_id = vim.lsp.start_client({
    name = 'interp-lsp',
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    init_options = { directions = { direction } },
    handlers = {
      ['interp/activationsChanged'] = function(_, params) table.insert(notifications, { method = 'interp/activationsChanged', params = params }) end,
      ['interp/serverStatus'] = function(_, params) table.insert(notifications, { method = 'interp/serverStatus', params = params }) end,
      ['window/logMessage'] = function(_, params) table.insert(notifications, { method = 'window/logMessage', params = params }) end,
      ['window/showMessage'] = function(_, params) table.insert(notifications, { method = 'window/showMessage', params = params }) end,
      ['workspace/semanticTokens/refresh'] = function() return vim.NIL end,
    },
    on_exit = function(code, signal) exit_info = { code = code, signal = signal } end,
  })
  if not client_id then fail('vim.lsp.start_client returned nil') end
  report.client_id = client_id
  if not vim.lsp.buf_attach_client(bufnr, client_id) then fail('vim.lsp.buf_attach_client failed') end
  step('attached')

  local inited = vim.wait(30000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return (c ~= nil and c.initialized == true) or exit_info ~= nil
  end, 20)
  if exit_info then fail('the server exited during initialize: ' .. vim.inspect(exit_info)) end
  if not inited then fail('the server did not answer initialize within 30 s') end
  local client = vim.lsp.get_client_by_id(client_id)
  report.server_capabilities = client.server_capabilities
  step('initialized')

  local doc = { uri = report.uri }
  -- Ready when interp/tokenActivations answers (the model loads on first use, ~2-3 s).
  local activations, last_err = nil, nil
  report.readiness_polls = {}
  local ready = vim.wait(45000, function()
    if exit_info then return true end
    local res, err = request(bufnr, client_id, 'interp/tokenActivations', { textDocument = doc }, 5000)
    table.insert(report.readiness_polls, { at_ms = elapsed_ms(), error = err and vim.inspect(err) or vim.NIL })
    if res and res.tokens and #res.tokens > 0 and res.directions and #res.directions > 0 then activations = res; return true end
    last_err = err or 'no tokens or no directions yet'
    return false
  end, 200)
  if exit_info then fail('the server exited: ' .. vim.inspect(exit_info)) end
  if not ready or not activations then fail('interp/tokenActivations never succeeded; last: ' .. vim.inspect(last_err)) end
  report.tokenActivations = activations
  -- The version Neovim sent in didOpen/didChange for this buffer, to compare with the answer's.
  report.buffer_version = vim.lsp.util.buf_versions[bufnr]
  step('tokenActivations')

  -- The first occurrence of the hover word, as a whole word, in the buffer.
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local pos = nil
  for i, line in ipairs(lines) do
    local s = vim.fn.match(line, '\\<' .. word .. '\\>')
    if s >= 0 then pos = { line = i - 1, character = s + 1 }; break end
  end
  if not pos then fail('the word "' .. word .. '" is not in ' .. file) end
  report.hover_position = pos
  local hover, herr = request(bufnr, client_id, 'textDocument/hover', { textDocument = doc, position = pos }, 15000)
  if herr then fail('textDocument/hover failed: ' .. vim.inspect(herr)) end
  report.hover = hover == nil and vim.NIL or hover
  step('hover')

  local sem, serr = request(bufnr, client_id, 'textDocument/semanticTokens/full', { textDocument = doc }, 15000)
  if serr then fail('textDocument/semanticTokens/full failed: ' .. vim.inspect(serr)) end
  report.semanticTokens = sem == nil and vim.NIL or sem
  step('semanticTokens')

  report.line_count = #lines
  report.ok = true
end

local ok, err = xpcall(main, function(e)
  if type(e) == 'table' and e.msg then return e.msg end
  return debug.traceback(tostring(e), 2)
end)
if not ok then report.error = tostring(err) end
finish(ok and 0 or 1)
