// ledgerline review: small vanilla JS. Every change goes through the JSON API (/api).
(function () {
  "use strict";
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const flash = document.getElementById("flash");

  function say(text, bad) {
    flash.textContent = text; flash.hidden = false; flash.classList.toggle("bad", !!bad);
  }

  async function api(method, url, body) {
    const res = await fetch(url, {
      method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 204) return null;
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      const detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail || data);
      throw new Error(detail);
    }
    return data;
  }

  // SLA countdown: every [data-due] shows time left or how overdue, refreshed every 30 s
  function human(ms) {
    const m = Math.floor(Math.abs(ms) / 60000), d = Math.floor(m / 1440), h = Math.floor((m % 1440) / 60);
    return (d ? d + "d " : "") + (d || h ? h + "h " : "") + (m % 60) + "m";
  }
  function tick() {
    document.querySelectorAll("[data-due]").forEach((el) => {
      const left = new Date(el.dataset.due).getTime() - Date.now();
      el.textContent = left >= 0 ? human(left) + " left" : "overdue " + human(left);
      el.classList.toggle("overdue", left < 0);
      const row = el.closest("tr[data-item]");
      if (row && left < 0 && !/state-(resolved|rejected|returned)/.test(row.className)) row.classList.add("overdue");
    });
  }
  tick(); setInterval(tick, 30000);

  const help = document.getElementById("help");
  const toggleHelp = () => { help.hidden = !help.hidden; };
  const typing = (el) => el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT");

  async function claimNext() {
    try {
      const item = await api("POST", "/api/queue/claim");
      if (!item) { say("Nothing to claim: the queue is clear for your clients."); return; }
      location.href = "/items/" + item.id;
    } catch (e) { say(e.message, true); }
  }
  const claimBtn = document.getElementById("claim");
  if (claimBtn) claimBtn.addEventListener("click", claimNext);

  // ---- the review screen ----
  const review = document.getElementById("review");
  let showPage = () => {};
  if (review) {
    const itemId = review.dataset.item, docId = review.dataset.document;
    const pages = parseInt(review.dataset.pages, 10) || 1;
    const boxes = JSON.parse(review.dataset.boxes || "{}");
    const inputs = Array.from(document.querySelectorAll(".field-input"));
    let current = 1;

    showPage = (n) => {
      current = Math.min(Math.max(1, n), pages);
      document.querySelectorAll(".page").forEach((p) => { p.hidden = parseInt(p.dataset.page, 10) !== current; });
      document.getElementById("page-no").textContent = current;
    };
    document.getElementById("prev-page").addEventListener("click", () => showPage(current - 1));
    document.getElementById("next-page").addEventListener("click", () => showPage(current + 1));

    document.querySelectorAll(".field.failing").forEach((f) => {
      const box = document.querySelector('.bbox[data-field="' + f.dataset.field + '"]');
      if (box) box.classList.add("failing");
    });

    inputs.forEach((input) => {
      input.addEventListener("focus", () => {
        const name = input.dataset.field;
        if (boxes[name]) showPage(boxes[name].page);
        document.querySelectorAll(".bbox.active").forEach((b) => b.classList.remove("active"));
        document.querySelectorAll(".field.focused").forEach((b) => b.classList.remove("focused"));
        input.closest(".field").classList.add("focused");
        const box = document.querySelector('.bbox[data-field="' + name + '"]');
        if (box) { box.classList.add("active"); box.scrollIntoView({ block: "nearest" }); }
      });
      input.addEventListener("input", () => input.classList.toggle("changed", input.value !== input.dataset.original));
      input.addEventListener("keydown", (e) => {
        if (e.key === "Enter") { e.preventDefault(); approve(); }
        else if (e.key === "Escape") { input.blur(); }
      });
    });

    document.querySelectorAll("button.reveal").forEach((btn) => btn.addEventListener("click", async () => {
      try {
        const res = await api("POST", "/api/items/" + itemId + "/reveal/" + encodeURIComponent(btn.dataset.field));
        const input = document.getElementById("f-" + btn.dataset.field);
        const value = Array.isArray(res.value) ? res.value.join(", ") : res.value;
        input.value = value; input.dataset.original = value; input.readOnly = false; delete input.dataset.masked;
        btn.remove(); input.focus();
        // the operator chose to see personal data: show the page without redaction (audited too)
        document.querySelectorAll(".page img").forEach((img) => {
          if (!img.src.includes("unredacted")) img.src = img.src + "?unredacted=true";
        });
      } catch (e) { say(e.message, true); }
    }));

    // table cells (line_items[0].amount ...): corrected with the fields, through the same API call
    const cellKeys = (cell) => {
      cell.addEventListener("keydown", (e) => {
        if (e.key === "Enter") { e.preventDefault(); approve(); }
        else if (e.key === "Escape") { cell.blur(); }
      });
    };
    const cells = Array.from(document.querySelectorAll(".cell-input"));
    cells.forEach((cell) => {
      cell.addEventListener("input", () => cell.classList.toggle("changed", cell.value !== cell.dataset.original));
      cellKeys(cell);
    });

    // table rows: "Add … row" appends a row of empty cells; ✕ marks a row deleted (press again to
    // undo) or removes a new row. Nothing is stored until approve, which sends the rows with the
    // field corrections in one all-or-nothing call; indices are the rows as the page showed them.
    const renumber = (table) => {
      const title = table.dataset.title;
      let n = 0;
      table.querySelectorAll("tbody tr.table-row").forEach((tr) => {
        const deleted = tr.classList.contains("deleted");
        if (!deleted) n += 1;
        tr.querySelector(".row-no").textContent = deleted ? "–" : n;
        const label = (tr.classList.contains("new-row") ? "new " : "") + title + " row " + (deleted ? "" : n);
        tr.querySelectorAll("input.cell-input").forEach((i) => {
          i.setAttribute("aria-label", label + " " + i.dataset.column.replace(/_/g, " "));
        });
        const del = tr.querySelector(".row-delete");
        del.textContent = deleted ? "Undo" : "✕";
        del.setAttribute("aria-label", deleted ? "Undo deleting this " + title + " row" : "Delete " + label);
      });
      table.closest("details").querySelector(".row-count").textContent = n;
    };
    const onDelete = (btn) => btn.addEventListener("click", () => {
      const tr = btn.closest("tr"), table = tr.closest("table");
      if (tr.classList.contains("new-row")) {
        tr.remove();
        table.closest("details").querySelector(".add-row").focus();
      } else {
        const deleted = tr.classList.toggle("deleted");
        tr.querySelectorAll("input.cell-input").forEach((i) => { i.disabled = deleted; });
        btn.focus();
      }
      renumber(table);
    });
    document.querySelectorAll("tr.table-row .row-delete").forEach(onDelete);
    document.querySelectorAll("button.add-row").forEach((btn) => btn.addEventListener("click", () => {
      const box = btn.closest("details"), table = box.querySelector("table.rows");
      const tr = box.querySelector("template.new-row-template").content.firstElementChild.cloneNode(true);
      table.querySelector("tbody").appendChild(tr);
      tr.querySelectorAll("input.cell-input").forEach(cellKeys);
      onDelete(tr.querySelector(".row-delete"));
      renumber(table);
      tr.querySelector("input.cell-input").focus();
    }));

    const rowChanges = () => {
      const deleteRows = [], addRows = [];
      document.querySelectorAll("tr.table-row.deleted").forEach((tr) => {
        deleteRows.push(tr.dataset.table + "[" + tr.dataset.row + "]");
      });
      document.querySelectorAll("tr.table-row").forEach((tr) => tr.classList.remove("bad"));
      document.querySelectorAll("tr.table-row.new-row").forEach((tr) => {
        const values = {};
        tr.querySelectorAll("input.cell-input").forEach((i) => { if (i.value.trim()) values[i.dataset.column] = i.value; });
        delete tr.dataset.key;
        if (!Object.keys(values).length) return;  // a new row left empty is dropped
        tr.dataset.key = "add_rows[" + addRows.length + "]";
        addRows.push({ table: tr.dataset.table, cells: values });
      });
      return { deleteRows, addRows };
    };
    // a 422 names the new row as add_rows[i]: show which row on the screen
    const markBadRow = (message) => {
      const m = /add_rows\[\d+\](?:\.cells\.([a-z_]+))?/.exec(message);
      const tr = m && document.querySelector('tr.new-row[data-key="' + m[0].split(".")[0] + '"]');
      if (!tr) return message;
      tr.classList.add("bad");
      (tr.querySelector('input[data-column="' + m[1] + '"]') || tr.querySelector("input")).focus();
      const name = "new " + tr.closest("table").dataset.title + " row " + tr.querySelector(".row-no").textContent;
      return message.replace(m[0], name + (m[1] ? " " + m[1].replace(/_/g, " ") : ""));
    };

    const changes = () => {
      const out = {};
      inputs.concat(cells).forEach((i) => {
        if (!i.readOnly && !i.disabled && i.value !== i.dataset.original) out[i.dataset.field] = i.value;
      });
      return out;
    };

    // lock heartbeat: while the operator is active (a key or click in the last ACTIVE_MS) the
    // lock is extended; the server keeps it until review_idle_minutes after the last activity,
    // so an idle tab still lets it lapse.
    if (review.dataset.mine === "1") {
      const BEAT_MS = 60000, ACTIVE_MS = 3 * 60000;
      let lastActive = Date.now(), lastBeat = Date.now(), beating = true;
      const beat = async () => {
        if (!beating) return;
        lastBeat = Date.now();
        try {
          await api("POST", "/api/items/" + itemId + "/heartbeat",
                    { idle_seconds: Math.max(0, Math.floor((Date.now() - lastActive) / 1000)) });
        } catch (e) { beating = false; say(e.message, true); }
      };
      const active = () => {
        lastActive = Date.now();
        if (Date.now() - lastBeat > BEAT_MS) beat();
      };
      document.addEventListener("keydown", active, true);
      document.addEventListener("click", active, true);
      setInterval(() => { if (Date.now() - lastActive < ACTIVE_MS) beat(); }, BEAT_MS);
      window.ledgerlineHeartbeat = beat;  // for tests and the console
    }

    async function approve() {
      try {
        const changed = changes(), rows = rowChanges();
        if (Object.keys(changed).length || rows.deleteRows.length || rows.addRows.length) {
          await api("POST", "/api/items/" + itemId + "/fields",
                    { changes: changed, delete_rows: rows.deleteRows, add_rows: rows.addRows });
        }
        const res = await api("POST", "/api/items/" + itemId + "/approve");
        if (res.status === "posted") {
          location.href = "/documents/" + docId + "/journal?from=" + itemId;
        } else {
          sessionStorage.setItem("flash", "Not posted yet: " + res.reasons.join(", "));
          location.reload();
        }
      } catch (e) { say(markBadRow(e.message), true); }
    }

    async function closeWith(action, question) {
      const note = window.prompt(question);
      if (note === null) return;
      if (!note.trim()) { say("A note is required.", true); return; }
      try {
        await api("POST", "/api/items/" + itemId + "/" + action, { note });
        sessionStorage.setItem("flash", "Item " + itemId + ": " + (action === "reject" ? "rejected" : "returned to the client") + ".");
        location.href = "/";
      } catch (e) { say(e.message, true); }
    }

    document.getElementById("approve").addEventListener("click", approve);
    document.getElementById("reject").addEventListener("click", () => closeWith("reject", "Why reject this document?"));
    document.getElementById("return").addEventListener("click", () => closeWith("return", "What should the client fix?"));
    document.getElementById("postpone").addEventListener("click", async () => {
      const hours = window.prompt("Postpone for how many hours?", "4");
      if (!hours) return;
      const until = new Date(Date.now() + parseFloat(hours) * 3600000).toISOString();
      try { await api("POST", "/api/items/" + itemId + "/postpone", { until }); location.href = "/"; }
      catch (e) { say(e.message, true); }
    });
    const release = document.getElementById("release");
    if (release) release.addEventListener("click", async () => {
      try { await api("POST", "/api/items/" + itemId + "/release"); location.href = "/"; } catch (e) { say(e.message, true); }
    });
    const reassign = document.getElementById("reassign");
    if (reassign) reassign.addEventListener("click", async () => {
      const to = window.prompt("Reassign to which user?");
      if (!to) return;
      try { await api("POST", "/api/items/" + itemId + "/reassign", { to_user: to.trim() }); location.reload(); }
      catch (e) { say(e.message, true); }
    });
    document.getElementById("show-help").addEventListener("click", toggleHelp);

    document.addEventListener("keydown", (e) => {
      if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "r") { e.preventDefault(); closeWith("reject", "Why reject this document?"); }
      else if (e.key === "b") { e.preventDefault(); closeWith("return", "What should the client fix?"); }
      else if (e.key === "n" || e.key === "PageDown") { e.preventDefault(); showPage(current + 1); }
      else if (e.key === "p" || e.key === "PageUp") { e.preventDefault(); showPage(current - 1); }
      else if (e.key === "Enter" && e.target === document.body) { e.preventDefault(); approve(); }
    });
  }

  document.addEventListener("keydown", (e) => {
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "?") { e.preventDefault(); toggleHelp(); }
    else if (e.key === "Escape" && !help.hidden) { help.hidden = true; }
    else if (e.key === "c" && claimBtn) { e.preventDefault(); claimNext(); }
  });

  const pending = sessionStorage.getItem("flash");
  if (pending) { sessionStorage.removeItem("flash"); say(pending); }
})();
