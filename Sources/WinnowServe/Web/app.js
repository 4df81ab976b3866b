// The analyst page of `winnow serve`. Plain ES2020, no dependencies, no build step.
// The page reads a CSV, lets the person edit what its first records should become, posts
// both to /v1/solve and shows the program, the ambiguity, a preview and the downloads.
// Element ids are listed at the top of index.html.
"use strict";

(() => {
  const MAX_EXAMPLE = 10;
  const PREVIEW_ROWS = 200;
  const MAX_DISAGREEMENTS = 50;
  const SHOWN_TEXT = 256 * 1024; // a chosen file larger than this is used but not shown in the textarea
  const MAX_RETRY_AFTER = 120; // seconds: a longer Retry-After is reported rather than waited for

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------------------------------------
  // CSV (RFC 4180): quoted fields, doubled quotes, CRLF or LF, line breaks inside quotes.

  class CsvError extends Error {}

  /** Parses CSV text into a list of records (lists of strings). Empty lines are skipped. */
  function parseCsv(text) {
    const rows = [];
    let row = [];
    let field = "";
    let i = 0;
    let line = 1;
    let fieldStarted = false; // whether the current line has any content (for skipping blank lines)
    const n = text.length;
    const endField = () => { row.push(field); field = ""; };
    const endRow = () => {
      endField();
      if (fieldStarted) rows.push(row);
      row = [];
      fieldStarted = false;
    };
    while (i < n) {
      const ch = text[i];
      if (ch === '"' && field === "") {
        // A quoted field: runs to the closing quote, "" is one quote.
        fieldStarted = true;
        const startLine = line;
        i += 1;
        let closed = false;
        while (i < n) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
            i += 1;
            closed = true;
            break;
          }
          if (c === "\n") line += 1;
          field += c;
          i += 1;
        }
        if (!closed) throw new CsvError(`the quoted field that starts on line ${startLine} is never closed`);
        // After the closing quote: a separator, a line end or the end of the text.
        if (i < n && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
          throw new CsvError(`line ${line}: text after a closing quote (write a quote inside a quoted field as "")`);
        }
        continue;
      }
      if (ch === ",") { fieldStarted = true; endField(); i += 1; continue; }
      if (ch === "\r" && text[i + 1] === "\n") { endRow(); i += 2; line += 1; continue; }
      if (ch === "\n" || ch === "\r") { endRow(); i += 1; line += 1; continue; }
      // A quote inside an unquoted field (5" screen) is kept as it is, as most CSV readers do.
      fieldStarted = true;
      field += ch;
      i += 1;
    }
    if (fieldStarted || field !== "" || row.length > 0) endRow();
    return rows;
  }

  function csvField(value) {
    const s = value == null ? "" : String(value);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }

  /** Writes records as RFC 4180 CSV with CRLF line ends. */
  function toCsv(rows) {
    let out = "";
    for (const r of rows) {
      // A record of one empty field is written "" so that it is not read back as a blank line.
      out += (r.length === 1 && (r[0] === "" || r[0] == null) ? '""' : r.map(csvField).join(",")) + "\r\n";
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // State

  const state = {
    text: "",          // the CSV text in use: the chosen file's or the textarea's
    fileName: null,    // the chosen file's name, null for pasted text
    records: [],       // every parsed line of the CSV, the header line included
    parseError: null,
    header: true,
    grid: [],          // rows of strings; row 0 is the header row when gridHeader
    gridHeader: true,
    gridBasis: "",     // the input rows the grid was filled from (JSON), to notice when they change
    gridDirty: false,
    busy: false,
    answers: 0,        // how many answers have been shown (#result's data-answer, for tests)
    answer: null,      // the last /v1/solve answer
    answerHeader: true,
    answerRecords: [], // the file's records the answer was computed on (header excluded)
  };

  const headerRow = () => (state.header && state.records.length > 0 ? state.records[0] : null);
  const dataRecords = () => (state.header ? state.records.slice(1) : state.records);
  const exampleCount = () => {
    const v = parseInt($("example-count").value, 10);
    return Number.isFinite(v) ? Math.min(MAX_EXAMPLE, Math.max(1, v)) : 3;
  };
  const sampleRecords = () => {
    const start = state.header ? 1 : 0;
    return state.records.slice(start, start + exampleCount());
  };
  const recordCount = () => Math.max(0, state.records.length - (state.header ? 1 : 0));
  const sampleRows = () => {
    const h = headerRow();
    return h ? [h, ...sampleRecords()] : sampleRecords();
  };
  const plural = (n, one, many) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

  // ---------------------------------------------------------------------------------------------
  // Reading the data

  let parseTimer = null;
  let defaultPlaceholder = "";

  function formatBytes(n) {
    if (n < 1024) return `${n} bytes`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
  }

  function reparse() {
    clearTimeout(parseTimer);
    parseTimer = null;
    const text = state.text.replace(/^\uFEFF/, "");
    state.header = $("header").checked;
    try {
      state.records = parseCsv(text);
      state.parseError = null;
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      state.records = [];
      state.parseError = `This CSV cannot be read: ${e.message}.`;
    }
    renderRowCount();
    if (state.parseError) {
      // Keep the example as it is: the text may be unreadable only halfway through an edit.
      showError(state.parseError);
      return;
    }
    clearError();
    syncGrid(false);
  }

  function renderRowCount() {
    const el = $("row-count");
    if (state.parseError) { el.textContent = "Could not read the CSV"; return; }
    if (state.records.length === 0) { el.textContent = "No data yet"; return; }
    const n = recordCount();
    const cols = widest(state.records);
    let text = `${plural(n, "record", "records")}${headerRow() ? " + header line" : ""}, ${plural(cols, "column", "columns")}`;
    if (state.records.some((r) => r.length !== cols)) text += " (some lines have fewer fields)";
    if (state.fileName) text += ` · ${state.fileName}`;
    el.textContent = text;
  }

  async function loadFile(file) {
    try {
      const text = await file.text();
      state.fileName = file.name;
      state.text = text;
      const area = $("csv-text");
      if (text.length <= SHOWN_TEXT) {
        area.value = text.replace(/^\uFEFF/, "");
        area.placeholder = defaultPlaceholder;
      } else {
        // A browser takes seconds to lay out megabytes in a textarea: a large file is used, not shown.
        area.value = "";
        area.placeholder = `Using ${file.name} (${formatBytes(file.size)}, too large to show here). Paste text to use it instead.`;
      }
      reparse();
    } catch (e) {
      showError(`Could not read ${file.name}: ${e.message || e}`);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The example grid

  /** Fills the grid again from the input records when they changed (or always when `force`). */
  function syncGrid(force) {
    const basis = JSON.stringify([state.header, sampleRows()]);
    if (force || basis !== state.gridBasis || state.gridHeader !== state.header) {
      resetGrid();
    }
    renderInputTable();
  }

  function resetGrid() {
    const rows = sampleRows();
    const width = Math.max(1, ...rows.map((r) => r.length));
    state.grid = rows.map((r) => fit(r, width));
    state.gridHeader = state.header && headerRow() !== null;
    state.gridBasis = JSON.stringify([state.header, rows]);
    state.gridDirty = false;
    renderGrid();
  }

  const fit = (row, width) => {
    const out = row.slice(0, width);
    while (out.length < width) out.push("");
    return out;
  };
  const gridWidth = () => (state.grid.length ? state.grid[0].length : Math.max(1, ...sampleRows().map((r) => r.length)));
  const gridRecordStart = () => (state.gridHeader ? 1 : 0);

  /** The example count changed: keep the edits, add or drop record rows at the bottom. */
  function changeExampleCount() {
    if (!state.gridDirty) { syncGrid(true); return; }
    const want = exampleCount();
    const start = gridRecordStart();
    const have = state.grid.length - start;
    const records = dataRecords();
    const width = gridWidth();
    if (want > have) {
      for (let k = have; k < want && k < records.length; k += 1) state.grid.push(fit(records[k], width));
    } else if (want < have) {
      state.grid.splice(start + want);
    }
    state.gridBasis = JSON.stringify([state.header, sampleRows()]);
    renderGrid();
    renderInputTable();
  }

  function renderInputTable() {
    const table = $("input-table");
    clearTable(table);
    const rows = sampleRows();
    if (rows.length === 0) {
      const tr = table.createTBody().insertRow();
      const td = tr.insertCell();
      td.className = "empty-note";
      td.textContent = "Choose or paste a CSV first.";
      return;
    }
    const width = Math.max(...rows.map((r) => r.length));
    const h = headerRow();
    if (h) {
      const tr = table.createTHead().insertRow();
      tr.appendChild(th("", "rowno"));
      for (let c = 0; c < width; c += 1) tr.appendChild(th(h[c] ?? ""));
    }
    const body = table.createTBody();
    sampleRecords().forEach((r, k) => {
      const tr = body.insertRow();
      tr.appendChild(th(String(k + 1), "rowno", "row"));
      for (let c = 0; c < width; c += 1) tr.insertCell().textContent = r[c] ?? "";
    });
  }

  function renderGrid(focus) {
    const table = $("grid");
    clearTable(table);
    const width = gridWidth();
    const head = table.createTHead().insertRow();
    head.appendChild(th("", "rowno"));
    for (let c = 0; c < width; c += 1) {
      const cell = th("", "colhead");
      cell.scope = "col";
      const label = document.createElement("span");
      label.className = "collabel";
      label.textContent = String(c + 1);
      label.title = `Column ${c + 1}`;
      cell.appendChild(label);
      cell.appendChild(iconButton("+", `Insert a column after column ${c + 1}`, "insert-column", { col: c }));
      const rm = iconButton("×", `Remove column ${c + 1}`, "remove-column", { col: c });
      rm.disabled = width <= 1;
      cell.appendChild(rm);
      head.appendChild(cell);
    }
    head.appendChild(th("", "rowactions"));

    const body = table.createTBody();
    state.grid.forEach((row, r) => {
      const isHeader = state.gridHeader && r === 0;
      const tr = body.insertRow();
      if (isHeader) tr.className = "header-row";
      const label = isHeader ? "Header" : `Row ${r - gridRecordStart() + 1}`;
      tr.appendChild(th(isHeader ? "header" : String(r - gridRecordStart() + 1), "rowno", "row"));
      row.forEach((value, c) => {
        const td = tr.insertCell();
        const input = document.createElement("input");
        input.type = "text";
        input.className = "cell";
        input.id = `cell-${r}-${c}`;
        input.value = value;
        input.dataset.row = String(r);
        input.dataset.col = String(c);
        input.spellcheck = false;
        input.autocomplete = "off";
        input.setAttribute("aria-label", `${label}, column ${c + 1}`);
        td.appendChild(input);
      });
      const act = tr.insertCell();
      act.className = "rowactions";
      if (!isHeader) act.appendChild(iconButton("×", `Remove ${label.toLowerCase()}`, "remove-row", { row: r }));
    });
    if (state.grid.length === gridRecordStart()) {
      const tr = body.insertRow();
      const td = tr.insertCell();
      td.colSpan = width + 2;
      td.className = "empty-note";
      td.textContent = "No example rows: use “+ Row” or “Reset to input”.";
    }
    if (focus) {
      const el = $(`cell-${focus.row}-${focus.col}`) || $(focus.id || "");
      if (el) el.focus();
    }
  }

  function onGridInput(e) {
    const t = e.target;
    if (!t.classList || !t.classList.contains("cell")) return;
    const r = Number(t.dataset.row);
    const c = Number(t.dataset.col);
    if (state.grid[r]) {
      state.grid[r][c] = t.value;
      state.gridDirty = true;
    }
  }

  function onGridClick(e) {
    const b = e.target.closest("button");
    if (!b) return;
    const width = gridWidth();
    if (b.classList.contains("remove-column")) {
      const c = Number(b.dataset.col);
      if (width <= 1) return;
      state.grid.forEach((row) => row.splice(c, 1));
      state.gridDirty = true;
      renderGrid();
      const next = $("grid").querySelector(`button.remove-column[data-col="${Math.min(c, width - 2)}"]`);
      if (next) next.focus();
    } else if (b.classList.contains("insert-column")) {
      const c = Number(b.dataset.col);
      state.grid.forEach((row) => row.splice(c + 1, 0, ""));
      state.gridDirty = true;
      renderGrid(state.grid.length ? { row: 0, col: c + 1 } : null);
    } else if (b.classList.contains("remove-row")) {
      const r = Number(b.dataset.row);
      state.grid.splice(r, 1);
      state.gridDirty = true;
      renderGrid();
      const buttons = $("grid").querySelectorAll("button.remove-row");
      const next = buttons[Math.min(r - gridRecordStart(), buttons.length - 1)];
      if (next) next.focus(); else $("add-row").focus();
    }
  }

  function addColumn() {
    if (state.grid.length === 0) state.grid.push(fit([], gridWidth()));
    state.grid.forEach((row) => row.push(""));
    state.gridDirty = true;
    renderGrid({ row: 0, col: gridWidth() - 1 });
  }

  function addRow() {
    state.grid.push(fit([], gridWidth()));
    state.gridDirty = true;
    renderGrid({ row: state.grid.length - 1, col: 0 });
  }

  function onGridKey(e) {
    const t = e.target;
    if (!t.classList || !t.classList.contains("cell") || e.ctrlKey || e.metaKey || e.altKey) return;
    let dr = 0;
    if (e.key === "ArrowDown" || (e.key === "Enter" && !e.shiftKey)) dr = 1;
    else if (e.key === "ArrowUp" || (e.key === "Enter" && e.shiftKey)) dr = -1;
    if (!dr) return;
    const next = $(`cell-${Number(t.dataset.row) + dr}-${t.dataset.col}`);
    if (next) { e.preventDefault(); next.focus(); next.select(); }
    else if (e.key === "Enter") e.preventDefault();
  }

  // ---------------------------------------------------------------------------------------------
  // Solving

  function problemMessage(status, body, text) {
    if (body && typeof body === "object") {
      const detail = body.detail || body.title;
      if (detail) return String(detail);
    }
    if (text && text.length < 400 && !/^\s*</.test(text)) return text.trim();
    return `The server answered ${status}.`;
  }

  const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function retryAfterSeconds(value) {
    if (!value) return null;
    if (/^\s*\d+\s*$/.test(value)) return parseInt(value, 10);
    const when = Date.parse(value);
    return Number.isNaN(when) ? null : Math.max(0, Math.ceil((when - Date.now()) / 1000));
  }

  async function post(body) {
    const init = {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json, application/problem+json" },
      body: JSON.stringify(body),
    };
    let res = await fetch("/v1/solve", init);
    if (res.status === 429) {
      const secs = retryAfterSeconds(res.headers.get("Retry-After"));
      if (secs !== null && secs <= MAX_RETRY_AFTER) {
        setStatus(secs > 0 ? `The server is busy; trying again in ${plural(secs, "second", "seconds")}…` : "The server is busy; trying again…");
        await delay(secs * 1000);
        setStatus("Searching…");
        res = await fetch("/v1/solve", init);
      }
    }
    return res;
  }

  async function solve() {
    if (state.busy) return;
    clearError();
    if (state.parseError) { showError(state.parseError); return; }
    if (recordCount() === 0) {
      showError(state.records.length ? "The CSV has a header line but no records." : "Choose a CSV file or paste CSV text first.");
      return;
    }
    const example = state.grid;
    const exampleRecords = example.slice(gridRecordStart());
    if (exampleRecords.length === 0) {
      showError("The example is empty: keep at least one row and type what it should become.");
      return;
    }
    if (example.every((row) => row.every((v) => v === ""))) {
      showError("The example has only empty cells: type what the input rows should become.");
      return;
    }
    const body = {
      input: toCsv(sampleRows()),
      example: toCsv(example),
      apply: toCsv(state.records),
      header: state.header,
      script: true,
    };
    const header = state.header;
    const records = dataRecords();
    state.busy = true;
    $("solve").disabled = true;
    $("result").setAttribute("aria-busy", "true");
    const started = performance.now();
    setStatus("Searching…");
    const ticker = setInterval(() => {
      const s = Math.round((performance.now() - started) / 1000);
      if (s >= 2 && $("status").textContent.startsWith("Searching")) setStatus(`Searching… ${s} s`);
    }, 1000);
    try {
      const res = await post(body);
      const text = await res.text();
      let json = null;
      try { json = text ? JSON.parse(text) : null; } catch (_) { json = null; }
      if (!res.ok) {
        setStatus("");
        let message = problemMessage(res.status, json, text);
        if (res.status === 413) message = `This file is too large for the server to take in one request. ${message}`;
        showError(message);
        return;
      }
      if (!json || typeof json !== "object") {
        setStatus("");
        showError("The server's answer could not be read (it is not JSON).");
        return;
      }
      state.answer = json;
      state.answerHeader = header;
      state.answerRecords = records;
      renderAnswer(json);
      setStatus(`${outcome(json)} (answered in ${formatMs(performance.now() - started)}).`);
    } catch (e) {
      setStatus("");
      showError(`Could not reach the server: ${e.message || e}`);
    } finally {
      clearInterval(ticker);
      state.busy = false;
      $("solve").disabled = false;
      $("result").removeAttribute("aria-busy");
    }
  }

  /** The answer in a few words, for the live status line. */
  function outcome(a) {
    const behaviours = a.ambiguity && Number.isFinite(a.ambiguity.behaviours) ? a.ambiguity.behaviours : 1;
    if (a.abstained) return `Ambiguous: the example fits ${behaviours} programs that disagree`;
    if (Array.isArray(a.program)) {
      const steps = plural(a.program.length, "step", "steps");
      return behaviours > 1 ? `Found a program of ${steps}, but others disagree with it` : `Found a program of ${steps}`;
    }
    if (a.status === "timeout") return "No program found in time";
    if (a.status === "memory") return "The search ran out of memory";
    return "No program found";
  }

  function formatMs(ms) {
    if (typeof ms !== "number" || !Number.isFinite(ms)) return "an unknown time";
    if (ms < 1) return "under 1 ms";
    if (ms < 1000) return `${Math.round(ms)} ms`;
    return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
  }

  // ---------------------------------------------------------------------------------------------
  // Showing the answer

  function renderAnswer(a) {
    const result = $("result");
    const hasProgram = Array.isArray(a.program);
    const ambiguity = a.ambiguity && typeof a.ambiguity === "object" ? a.ambiguity : null;
    const behaviours = ambiguity && Number.isFinite(ambiguity.behaviours) ? ambiguity.behaviours : 1;
    result.dataset.status = a.abstained ? "abstained" : String(a.status || "unknown");
    state.answers += 1;
    result.dataset.answer = String(state.answers);
    $("result-empty").hidden = true;

    // Summary: time taken and how many programs agreed.
    const summary = $("summary");
    const parts = [];
    const consistent = Number.isFinite(a.consistent_programs) ? a.consistent_programs : null;
    if (hasProgram) {
      parts.push(`Found in ${formatMs(a.ms)}`);
      if (consistent !== null) {
        if (behaviours > 1) parts.push(`${plural(consistent, "program reproduces", "programs reproduce")} the example; they make ${behaviours} different results of the file`);
        else parts.push(`${plural(consistent, "program reproduces", "programs reproduce")} the example and ${consistent === 1 ? "it gives" : "all agree on"} the file`);
      }
    } else {
      parts.push(`Searched for ${formatMs(a.ms)}`);
      if (consistent) parts.push(`${plural(consistent, "program reproduces", "programs reproduce")} the example`);
    }
    if (Number.isFinite(a.expanded)) parts.push(`${plural(a.expanded, "search state", "search states")} expanded`);
    summary.textContent = parts.join(" · ");
    summary.hidden = false;

    // Steps.
    const steps = $("steps");
    steps.replaceChildren();
    if (hasProgram) {
      const lines = a.program;
      const sentences = Array.isArray(a.steps) ? a.steps : [];
      if (lines.length === 0) {
        const li = document.createElement("li");
        li.className = "identity";
        li.textContent = "Nothing to do: the input already looks like the example (the program is the identity).";
        steps.appendChild(li);
      }
      lines.forEach((line, k) => {
        const li = document.createElement("li");
        const p = document.createElement("span");
        p.className = "sentence";
        p.textContent = sentences[k] || line;
        const code = document.createElement("code");
        code.textContent = line;
        li.append(p, code);
        steps.appendChild(li);
      });
    }

    // Not solved.
    const unsolved = $("unsolved");
    unsolved.replaceChildren();
    unsolved.hidden = true;
    if (!hasProgram && !a.abstained) {
      const title = document.createElement("strong");
      const more = document.createElement("p");
      if (a.status === "timeout") {
        title.textContent = "No program found in the time allowed.";
        more.textContent = "Give more example rows, or check the example for typos: a clearer example is faster to solve.";
      } else if (a.status === "memory") {
        title.textContent = "The search ran out of memory before it found a program.";
        more.textContent = "Try a smaller example (fewer columns), or give more example rows so the program is easier to tell apart.";
      } else {
        title.textContent = "No program turns these input rows into your example.";
        more.textContent = `Check the example for typos, or give more example rows (up to ${MAX_EXAMPLE}) so Winnow can see the pattern.`;
      }
      unsolved.append(title, more);
      unsolved.hidden = false;
    }

    renderAmbiguity(a, ambiguity, behaviours);
    renderPreview(hasProgram && Array.isArray(a.outputs) ? a.outputs[0] : null, a);

    $("download-csv").disabled = !(hasProgram && Array.isArray(a.outputs) && Array.isArray(a.outputs[0]));
    $("download-script").disabled = !(hasProgram && typeof a.script === "string" && a.script.length > 0);
    $("script-usage").hidden = $("download-script").disabled;
  }

  function renderAmbiguity(a, ambiguity, behaviours) {
    const box = $("ambiguity");
    const table = $("disagreements");
    clearTable(table);
    $("behaviour-list").replaceChildren();
    $("disagreements-more").hidden = true;
    if (!(a.abstained || behaviours > 1)) { box.hidden = true; return; }

    const groups = ambiguity && Array.isArray(ambiguity.groups) ? ambiguity.groups : [];
    const alternatives = Array.isArray(a.alternatives) ? a.alternatives : [];
    const count = Math.max(behaviours, groups.length, alternatives.length);
    const shown = Math.max(groups.length, alternatives.length);
    const letter = (k) => (k < 26 ? String.fromCharCode(65 + k) : `#${k + 1}`);
    const share = (k) => {
      const s = alternatives[k] && Number.isFinite(alternatives[k].share) ? alternatives[k].share
        : groups[k] && Number.isFinite(groups[k].share) ? groups[k].share : null;
      if (s === null) return "";
      if (s > 0 && s < 0.005) return "<1%";
      if (s < 1 && s > 0.995) return ">99%";
      return `${Math.round(s * 100)}%`;
    };

    $("ambiguity-title").textContent = `The example fits ${count} programs that disagree on this file`;
    const dis = ambiguity && Array.isArray(ambiguity.disagreements) ? ambiguity.disagreements : [];
    const d0 = dis.find((d) => d && (d.input === 0 || d.input === undefined)) || dis[0] || null;
    const rows = d0 && Array.isArray(d0.rows) ? d0.rows : null;
    const text = $("ambiguity-text");
    let advice;
    if (a.abstained) {
      advice = "Winnow did not choose, so nothing was applied. Add an example row where they differ (raise “Example rows”, or move such a row to the top of the file) and type what it should become.";
    } else {
      advice = `Winnow used the most likely one (A${share(0) ? `, ${share(0)}` : ""}). Check the rows below; if A is wrong, give an example row where they differ.`;
    }
    if (rows) text.textContent = `They differ on ${plural(rows.length, "record", "records")} of the file. ${advice}`;
    else text.textContent = `They do not keep the file's rows in place, so here are the first rows each one makes. ${advice}`;

    // The table: record number, input record, then one column per behaviour.
    const offset = state.answerHeader ? 1 : 0;
    const records = state.answerRecords;
    const outputOf = (k) => {
      const alt = alternatives[k];
      return alt && Array.isArray(alt.outputs) ? alt.outputs[0] : undefined;
    };
    const head = table.createTHead().insertRow();
    head.appendChild(th("Record", "rowno"));
    if (rows) head.appendChild(th("Input"));
    for (let k = 0; k < shown; k += 1) head.appendChild(th(`${letter(k)}${share(k) ? ` (${share(k)})` : ""}`));
    const body = table.createTBody();
    let list = rows;
    if (!list) {
      const lengths = alternatives.map((_, k) => (Array.isArray(outputOf(k)) ? outputOf(k).length - offset : 0));
      list = Array.from({ length: Math.min(10, Math.max(0, ...lengths)) }, (_, k) => k);
    }
    list.slice(0, MAX_DISAGREEMENTS).forEach((r) => {
      const tr = body.insertRow();
      tr.appendChild(th(String(r + 1), "rowno", "row"));
      if (rows) tr.insertCell().appendChild(chips(records[r]));
      const made = [];
      for (let k = 0; k < shown; k += 1) {
        const out = outputOf(k);
        made.push(Array.isArray(out) && Array.isArray(out[r + offset]) ? out[r + offset] : null);
      }
      // A cell is marked when some behaviour makes something else of it.
      const differs = (c) => {
        const values = new Set(made.map((row) => (row ? (c < row.length ? row[c] : "\u0000missing") : "\u0000fails")));
        return values.size > 1;
      };
      for (let k = 0; k < shown; k += 1) {
        const td = tr.insertCell();
        const out = outputOf(k);
        if (out === null) { td.className = "fails"; td.textContent = "fails on this file"; }
        else if (out === undefined) { td.className = "muted"; td.textContent = "not shown"; }
        else if (r + offset >= out.length) { td.className = "muted"; td.textContent = "no such row"; }
        else td.appendChild(chips(out[r + offset], differs));
      }
    });
    if (list.length > MAX_DISAGREEMENTS) {
      const more = $("disagreements-more");
      more.textContent = `…and ${plural(list.length - MAX_DISAGREEMENTS, "more record", "more records")}.`;
      more.hidden = false;
    }

    // The programs themselves.
    const ol = $("behaviour-list");
    for (let k = 0; k < shown; k += 1) {
      const g = groups[k] || {};
      const program = Array.isArray(g.program) ? g.program : alternatives[k] && alternatives[k].program;
      const li = document.createElement("li");
      const title = document.createElement("strong");
      const members = Number.isFinite(g.programs) ? `, ${plural(g.programs, "program", "programs")}` : "";
      title.textContent = `${letter(k)}${share(k) ? ` (${share(k)}${members})` : members ? ` (${members.slice(2)})` : ""}`;
      li.appendChild(title);
      if (Array.isArray(program)) {
        const pre = document.createElement("pre");
        const code = document.createElement("code");
        code.textContent = program.length ? program.join("\n") : "(identity)";
        pre.appendChild(code);
        li.appendChild(pre);
      }
      ol.appendChild(li);
    }
    $("behaviours").hidden = shown === 0;
    box.hidden = false;
  }

  function renderPreview(table, a) {
    const el = $("preview");
    clearTable(el);
    const more = $("preview-more");
    more.hidden = true;
    const empty = $("preview-empty");
    $("preview-wrap").hidden = !Array.isArray(table);
    if (!Array.isArray(table)) {
      empty.textContent = a.abstained
        ? "Nothing was applied: Winnow did not choose between the programs above."
        : "No program, so no result yet.";
      empty.hidden = false;
      return;
    }
    empty.hidden = true;
    const hasHeader = state.answerHeader && table.length > 0;
    const width = widest(table);
    if (hasHeader) {
      const tr = el.createTHead().insertRow();
      tr.appendChild(th("", "rowno"));
      for (let c = 0; c < width; c += 1) tr.appendChild(th(table[0][c] ?? ""));
    }
    const records = hasHeader ? table.slice(1) : table;
    const body = el.createTBody();
    records.slice(0, PREVIEW_ROWS).forEach((r, k) => {
      const tr = body.insertRow();
      tr.appendChild(th(String(k + 1), "rowno", "row"));
      for (let c = 0; c < width; c += 1) tr.insertCell().textContent = r[c] ?? "";
    });
    if (records.length === 0) {
      const td = body.insertRow().insertCell();
      td.colSpan = width + 1;
      td.className = "empty-note";
      td.textContent = "The transformed file has no records.";
    }
    if (records.length > PREVIEW_ROWS) {
      more.textContent = `Showing the first ${PREVIEW_ROWS} of ${plural(records.length, "record", "records")}; ${plural(records.length - PREVIEW_ROWS, "more is", "more are")} in the download.`;
    } else {
      more.textContent = `${plural(records.length, "record", "records")}${hasHeader ? " + header line" : ""}.`;
    }
    more.hidden = false;
  }

  // ---------------------------------------------------------------------------------------------
  // Downloads

  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  function transformedName() {
    if (!state.fileName) return "transformed.csv";
    const base = state.fileName.replace(/\.[^.]*$/, "") || state.fileName;
    return `${base}-transformed.csv`;
  }

  function downloadCsv() {
    const a = state.answer;
    if (!a || !Array.isArray(a.program) || !Array.isArray(a.outputs) || !Array.isArray(a.outputs[0])) return;
    download(new Blob([toCsv(a.outputs[0])], { type: "text/csv;charset=utf-8" }), transformedName());
  }

  function downloadScript() {
    const a = state.answer;
    if (!a || typeof a.script !== "string") return;
    download(new Blob([a.script], { type: "text/x-python;charset=utf-8" }), "transform.py");
  }

  // ---------------------------------------------------------------------------------------------
  // Small helpers

  /** The widest row's length (a loop: spreading a whole file into Math.max overflows the stack). */
  function widest(rows) {
    let w = 0;
    for (const r of rows) if (Array.isArray(r) && r.length > w) w = r.length;
    return w;
  }

  function th(text, className, scope) {
    const el = document.createElement("th");
    el.textContent = text;
    if (className) el.className = className;
    el.scope = scope || "col";
    return el;
  }

  function iconButton(text, label, className, data) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `icon ${className}`;
    b.textContent = text;
    b.title = label;
    b.setAttribute("aria-label", label);
    for (const [k, v] of Object.entries(data)) b.dataset[k] = String(v);
    return b;
  }

  /** One row's cells as small boxes, so that empty cells and cell borders stay visible. */
  function chips(row, marked) {
    const wrap = document.createElement("span");
    wrap.className = "chips";
    if (!Array.isArray(row)) { wrap.textContent = "—"; return wrap; }
    // One cell is plain text; in a wider row, the cells some behaviour makes differently are marked.
    const solo = row.length === 1;
    for (const [c, v] of row.entries()) {
      const s = document.createElement("span");
      s.className = (v === "" ? "chip empty" : "chip") + (solo ? " solo" : marked && marked(c) ? " diff" : "");
      s.textContent = v === "" ? "empty" : v;
      wrap.appendChild(s);
    }
    return wrap;
  }

  function clearTable(table) {
    const caption = table.querySelector("caption");
    table.replaceChildren();
    if (caption) table.appendChild(caption);
  }

  function setStatus(text) { $("status").textContent = text; }

  function showError(message) {
    const el = $("error");
    el.textContent = message;
    el.hidden = false;
  }

  function clearError() {
    const el = $("error");
    el.textContent = "";
    el.hidden = true;
  }

  // ---------------------------------------------------------------------------------------------
  // Wiring

  function init() {
    $("csv-file").addEventListener("change", (e) => {
      const file = e.target.files && e.target.files[0];
      if (file) loadFile(file);
    });
    defaultPlaceholder = $("csv-text").placeholder;
    $("csv-text").addEventListener("input", () => {
      state.text = $("csv-text").value;
      state.fileName = null;
      $("csv-text").placeholder = defaultPlaceholder;
      $("csv-file").value = "";
      clearTimeout(parseTimer);
      parseTimer = setTimeout(reparse, 200);
    });
    $("header").addEventListener("change", reparse);
    $("example-count").addEventListener("change", changeExampleCount);
    $("reset-grid").addEventListener("click", () => syncGrid(true));
    $("add-column").addEventListener("click", addColumn);
    $("add-row").addEventListener("click", addRow);
    const grid = $("grid");
    grid.addEventListener("input", onGridInput);
    grid.addEventListener("click", onGridClick);
    grid.addEventListener("keydown", onGridKey);
    $("solve").addEventListener("click", solve);
    $("download-csv").addEventListener("click", downloadCsv);
    $("download-script").addEventListener("click", downloadScript);
    document.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        if (parseTimer) reparse();
        solve();
      }
    });
    state.text = $("csv-text").value; // a reload may have kept the pasted text
    reparse();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
