// The review page's script (writers/review.py): decide on doubtful words, export the decisions.
// No network, no libraries: the decisions live in this page until exported as a corrections file
// (schema viplan-ocr/corrections/1), which `viplan-ocr clean/batch --corrections FILE` applies.
(() => {
  "use strict";
  const DATA = JSON.parse(document.getElementById("review-data").textContent);
  const panel = document.getElementById("panel");
  const status = document.getElementById("status");
  const changes = new Map(DATA.changes.map((c) => [String(c.id), c]));
  // Decisions by id: "c:<change index>" (accept/reject a change), "w:<page.line.word>" (typed reading).
  const state = new Map();
  for (const item of DATA.decisions) state.set(item.id, { decision: item.decision, fromFile: true });

  const wordElement = (key) => document.querySelector(`.w[data-k="${key}"]`);
  const markElement = (id) => document.querySelector(`.removed[data-c="${id}"]`);

  function unitOf(key) {
    const known = DATA.units[key];
    if (known) return known;
    const text = wordElement(key).dataset.text || wordElement(key).textContent;
    return { text, base: text, ocr: null, confidence: null, changes: [] };
  }

  function keyParts(key) {
    const [page, line, word] = key.split(".").map(Number);
    return { page, line, word };
  }

  // The word as the next run will make it: as cleaning made it, with this page's decisions.
  function preview(key) {
    const unit = unitOf(key);
    const typed = state.get(`w:${key}`);
    if (typed) return typed.decision.correction;
    let text = unit.base;
    const placed = unit.changes.map((id) => changes.get(String(id))).filter((c) => c && c.at);
    placed.sort((a, b) => b.at[0] - a.at[0]);
    for (const change of placed) {
      const decided = state.get(`c:${change.id}`);
      if (!decided) continue;
      const action = decided.decision.action;
      let replacement = null;
      if (action === "reject" && change.applied) replacement = change.before;
      if (action === "accept" && !change.applied) replacement = change.after;
      if (replacement !== null) text = text.slice(0, change.at[0]) + replacement + text.slice(change.at[1]);
    }
    return text;
  }

  function decidedHere(key) {
    const unit = unitOf(key);
    const ids = [`w:${key}`, ...unit.changes.map((id) => `c:${id}`)];
    return ids.some((id) => state.has(id) && !state.get(id).fromFile);
  }

  function refreshWord(key) {
    const element = wordElement(key);
    if (!element) return;
    if (!element.dataset.text) element.dataset.text = element.textContent;
    element.textContent = preview(key);
    element.classList.toggle("decided", decidedHere(key));
  }

  function refreshMark(id) {
    const element = markElement(id);
    if (!element) return;
    const decided = state.get(`c:${id}`);
    const change = changes.get(String(id));
    const restored = decided && decided.decision.action === "reject" && change.applied;
    element.classList.toggle("restored", Boolean(restored));
    element.dataset.restored = restored ? change.before : "";
    element.classList.toggle("decided", Boolean(decided && !decided.fromFile));
  }

  function refreshStatus(message) {
    const fromFile = [...state.values()].filter((s) => s.fromFile).length;
    const count = `${state.size} decision${state.size === 1 ? "" : "s"}` + (fromFile ? ` (${fromFile} from corrections)` : "");
    status.textContent = message ? `${count}; ${message}` : count;
  }

  function stateText(id) {
    const decided = state.get(id);
    if (!decided) return "undecided";
    const d = decided.decision;
    const what = d.action === "correct" ? `corrected to “${d.correction}”` : `${d.action}ed`;
    return decided.fromFile ? `${what} (applied from corrections)` : what;
  }

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    for (const child of children) node.append(child);
    return node;
  }

  function changeBlock(change) {
    const made = change.applied ? "made" : "only suggested";
    const block = el("div", { class: "change", "data-change": String(change.id) });
    const removal = change.after === "";
    block.append(
      el("div", {}, `${change.step} (${change.reason}) · confidence ${change.confidence.toFixed(2)} · ${made} · ${change.where}`),
      el("div", {}, removal ? `removed “${change.before}”` : `before “${change.before}” → after “${change.after}”`),
      el("button", { type: "button", "data-act": "accept", "data-change": String(change.id) }, removal ? "Accept removal" : "Accept"),
      el("button", { type: "button", "data-act": "reject", "data-change": String(change.id) }, removal ? "Reject (keep the text)" : "Reject"),
      el("button", { type: "button", "data-act": "clear", "data-change": String(change.id) }, "Undecided"),
      el("span", { class: "state" }, stateText(`c:${change.id}`)),
    );
    return block;
  }

  function select(element, key) {
    document.querySelectorAll(".current").forEach((node) => node.classList.remove("current"));
    element.classList.add("current");
    if (key) document.querySelectorAll(`.box[data-box="${key}"]`).forEach((node) => node.classList.add("current"));
  }

  function openWord(key) {
    const unit = unitOf(key);
    const where = keyParts(key);
    panel.replaceChildren(
      el("button", { type: "button", class: "close", "data-act": "close" }, "×"),
      el("h3", {}, `“${preview(key)}” `, el("span", { class: "muted" }, `p${where.page}:${where.line + 1}, word ${where.word + 1}`)),
    );
    panel.dataset.key = key;
    if (unit.ocr !== null || unit.confidence !== null) {
      const read = unit.ocr !== null ? `OCR read “${unit.ocr}”` : "OCR read it as shown";
      const sure = unit.confidence !== null ? ` with confidence ${Math.round(unit.confidence)}` : "";
      panel.append(el("p", {}, read + sure));
    }
    if (unit.base !== unit.text) panel.append(el("p", { class: "muted" }, `cleaning made it “${unit.base}”; this run applied a correction`));
    const shown = unit.changes.map((id) => changes.get(String(id))).filter(Boolean);
    if (shown.length) {
      panel.append(el("p", { class: "muted" }, "The cleaner records no alternatives: each change shows the reading before and after it."));
      for (const change of shown) panel.append(changeBlock(change));
    }
    const input = el("input", { id: "correction-input", type: "text", value: preview(key), "aria-label": "the word's right reading" });
    panel.append(
      el("div", { class: "correct" },
        el("label", { for: "correction-input" }, "Type the right reading:"),
        input,
        el("button", { type: "button", id: "correction-set", "data-act": "correct" }, "Set correction"),
        el("button", { type: "button", id: "correction-clear", "data-act": "uncorrect" }, "Clear correction"),
        el("span", { class: "state" }, stateText(`w:${key}`))),
    );
    panel.hidden = false;
    select(wordElement(key), key);
  }

  function openMark(id) {
    const change = changes.get(String(id));
    panel.replaceChildren(
      el("button", { type: "button", class: "close", "data-act": "close" }, "×"),
      el("h3", {}, "Text removed ", el("span", { class: "muted" }, change.where)),
      changeBlock(change),
    );
    delete panel.dataset.key;
    panel.hidden = false;
    select(markElement(id));
  }

  function decideChange(id, action) {
    const change = changes.get(String(id));
    const stateId = `c:${id}`;
    if (action === "clear") state.delete(stateId);
    else state.set(stateId, { decision: { ...change.decision, action }, fromFile: false });
    if (change.word) {
      state.delete(`w:${change.word}`); // the latest decision on a word wins over a typed reading
      refreshWord(change.word);
      openWord(change.word);
    } else {
      refreshMark(id);
      openMark(id);
    }
    refreshStatus();
  }

  function correctWord(key, typed) {
    const unit = unitOf(key);
    const reading = typed.trim().split(/\s+/).join(" ");
    if (!reading) {
      refreshStatus("type the word's reading; to drop a correction, clear it");
      return;
    }
    const where = keyParts(key);
    const decision = { ...where, text: unit.base, action: "correct", correction: reading };
    for (const id of unit.changes) state.delete(`c:${id}`); // a typed word replaces its changes
    state.set(`w:${key}`, { decision, fromFile: false });
    refreshWord(key);
    openWord(key);
    refreshStatus();
  }

  function uncorrectWord(key) {
    state.delete(`w:${key}`);
    refreshWord(key);
    openWord(key);
    refreshStatus();
  }

  function corrections() {
    return {
      schema: DATA.schema,
      documents: [{ document: DATA.document, decisions: [...state.values()].map((s) => s.decision) }],
    };
  }

  function exportDecisions() {
    const text = JSON.stringify(corrections(), null, 2) + "\n";
    const link = el("a", { download: DATA.download, href: URL.createObjectURL(new Blob([text], { type: "application/json" })) });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    refreshStatus(`exported to ${DATA.download}`);
  }

  document.addEventListener("click", (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    if (target.id === "export") return exportDecisions();
    const action = target.getAttribute("data-act");
    if (action && panel.contains(target)) {
      const key = panel.dataset.key;
      if (action === "close") panel.hidden = true;
      else if (action === "correct") correctWord(key, document.getElementById("correction-input").value);
      else if (action === "uncorrect") uncorrectWord(key);
      else decideChange(target.getAttribute("data-change"), action);
      return;
    }
    const word = target.closest(".w[data-k]");
    if (word && !word.closest(".legend")) return openWord(word.dataset.k);
    const mark = target.closest(".removed[data-c]");
    if (mark) return openMark(mark.dataset.c);
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.key === "Enter" && target instanceof Element) {
      if (target.id === "correction-input") return correctWord(panel.dataset.key, target.value);
      if (target.matches(".w[data-k], .removed[data-c]")) target.click();
    }
    if (event.key === "Escape") panel.hidden = true;
  });

  for (const item of DATA.decisions) {
    if (item.id.startsWith("w:")) refreshWord(item.id.slice(2));
    else {
      const change = changes.get(item.id.slice(2));
      if (change && change.word) refreshWord(change.word);
      else if (change) refreshMark(change.id);
    }
  }
  refreshStatus();
  window.viplanReview = { corrections };
})();
