// Tracker workbench: optional enhancements. Every page works without this file; it only saves reloads.
"use strict";
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  focusRefusedField();
  enhanceReplay();
  enhanceEvidence();
  suggestSimilarClaims();
  shareSourcePicker();
});

// A form the server refused: put the cursor in the field it named, so the fix is one keystroke away.
function focusRefusedField() {
  const field = document.querySelector("[aria-invalid=true]");
  if (field) field.focus();
}

// Replay: scrubbing the slider (or following a step link) swaps in the state at that moment, keeping focus where it is.
function enhanceReplay() {
  const form = document.querySelector("form[data-replay]");
  const slider = form && form.querySelector("input[type=range]");
  if (!slider) return;
  const output = document.getElementById("at-output");
  const url = (step) => {
    const params = new URLSearchParams(new FormData(form));
    params.set("at", step);
    return form.action + "?" + params.toString();
  };
  let pending = null;
  async function show(href) {
    const request = (pending = new AbortController());
    try {
      const response = await fetch(href, { headers: { Accept: "text/html" }, signal: request.signal, credentials: "same-origin" });
      if (!response.ok) throw new Error(response.statusText);
      const next = new DOMParser().parseFromString(await response.text(), "text/html");
      const frame = next.getElementById("replay-frame");
      if (!frame || request !== pending) return;
      document.getElementById("replay-frame").replaceWith(frame);
      const step = frame.querySelector("#moment").dataset.step;
      slider.value = step;
      slider.setAttribute("aria-valuetext", next.getElementById("at").getAttribute("aria-valuetext"));
      if (output) output.textContent = step + " / " + slider.max;
      history.replaceState(null, "", href);
    } catch (e) {
      if (e.name !== "AbortError") location.href = href;
    }
  }
  slider.addEventListener("input", () => { if (output) output.textContent = slider.value + " / " + slider.max; });
  slider.addEventListener("change", () => show(url(slider.value)));
  document.addEventListener("click", (event) => {
    const link = event.target.closest("#replay-frame .stepper a[href]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    show(link.href);
  });
}

// Verdict evidence: three rows are served; this adds more on request.
function enhanceEvidence() {
  const button = document.querySelector("[data-add-evidence]");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const rows = button.parentElement.querySelectorAll("[data-evidence-row]");
    const last = rows[rows.length - 1];
    const row = last.cloneNode(true);
    const n = rows.length + 1;
    row.querySelectorAll("label").forEach((label) => {
      label.htmlFor = label.htmlFor.replace(/\d+$/, n);
      label.textContent = label.textContent.replace(/\(\d+\)/, "(" + n + ")");
    });
    row.querySelectorAll("input").forEach((input) => { input.id = input.id.replace(/\d+$/, n); input.value = ""; });
    row.querySelectorAll("select").forEach((select) => { select.id = select.id.replace(/\d+$/, n); select.selectedIndex = 0; });
    last.after(row);
    row.querySelector("input").focus();
  });
}

// Log a claim: as the text is typed, the newsroom's claims it may restate appear under it, each with one-click
// "log as restating / as a duplicate" buttons that submit the form with the link asked for.
function suggestSimilarClaims() {
  const box = document.getElementById("similar-claims");
  const text = box && document.getElementById(box.dataset.similarFrom);
  if (!text) return;
  let timer = null;
  let pending = null;
  async function show() {
    const words = text.value.trim();
    if (pending) pending.abort();
    if (words.length < 12) { box.replaceChildren(); return; }
    const request = (pending = new AbortController());
    try {
      const response = await fetch("/claims/similar?text=" + encodeURIComponent(words),
        { headers: { Accept: "text/html" }, signal: request.signal, credentials: "same-origin" });
      if (!response.ok || request !== pending) return;
      const list = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("similar-claims-list");
      if (list) box.replaceChildren(list);
    } catch (e) {
      // Suggestions are a help, not a step: the form logs the claim without them.
    }
  }
  text.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(show, 250); });
  if (text.value.trim()) show();
}

// Story page: the newsroom's sources are listed once, in the log-a-claim picker; a claim's attribution form copies them
// in when it is opened, so the page grows with claims, not claims x sources.
function shareSourcePicker() {
  document.querySelectorAll("select[data-shared-sources]").forEach((select) => {
    const shared = document.getElementById(select.dataset.sharedSources);
    if (!shared) return;
    const fill = () => {
      if (select.dataset.filled) return;
      select.dataset.filled = "true";
      const chosen = select.value;
      for (const option of shared.options) {
        if (option.value && option.value !== chosen) select.add(new Option(option.text, option.value));
      }
      select.value = chosen;
    };
    const details = select.closest("details");
    if (details && !details.open) details.addEventListener("toggle", fill, { once: true });
    else fill();
  });
}
