// Forms keep what was typed when an expired login or an expired page interrupts them.
//
// On submit, a form's fields are kept in localStorage under the page's address. When the
// answer is the login page (next = that address) or the "form not sent" page (CSRF), the copy
// is marked interrupted; back on the form's address it is put back into the form. Any other
// answer (saved, or the form shown again with its errors) drops the copy.
"use strict";

(() => {
  const PREFIX = "gocua-form:";
  const DAY = 86_400_000;
  const here = location.pathname + location.search;
  const kept = (form) => form.method.toLowerCase() === "post" && !form.classList.contains("inline")
    && !form.hasAttribute("data-no-keep") && !form.querySelector("input[type=password]");
  const skip = (field) => !field.name || field.name === "csrfmiddlewaretoken" || field.disabled
    || ["password", "file", "submit", "button", "reset"].includes(field.type);

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !kept(form)) return;
    const fields = [];
    Array.from(form.elements).forEach((field) => {
      if (skip(field)) return;
      if (field.type === "checkbox" || field.type === "radio") fields.push([field.name, field.value, field.checked]);
      else if (field.tagName === "SELECT" && field.multiple) fields.push([field.name, Array.from(field.selectedOptions).map((o) => o.value), null]);
      else fields.push([field.name, field.value, null]);
    });
    try {
      localStorage.setItem(PREFIX + here, JSON.stringify({ at: Date.now(), state: "sent", fields }));
    } catch (full) { /* storage full or disabled: the form still goes */ }
  }, true);

  const restore = (fields) => {
    const form = Array.from(document.forms).find(kept);
    if (!form) return false;
    fields.forEach(([name, value, checked]) => {
      Array.from(form.elements).filter((f) => f.name === name && !skip(f)).forEach((field) => {
        if (checked !== null) { if (field.value === value) field.checked = checked; }
        else if (Array.isArray(value)) Array.from(field.options).forEach((o) => { o.selected = value.includes(o.value); });
        else field.value = value;
      });
    });
    const note = document.createElement("p");
    note.className = "restored";
    note.setAttribute("role", "status");
    note.dataset.testid = "form-restored";
    note.textContent = document.body.dataset.restoredText || "";
    form.prepend(note);
    return true;
  };

  const next = new URLSearchParams(location.search).get("next");
  const interruptedHere = document.querySelector("[data-form-interrupted]") !== null;
  for (let i = localStorage.length - 1; i >= 0; i -= 1) {
    const key = localStorage.key(i);
    if (!key || !key.startsWith(PREFIX)) continue;
    const address = key.slice(PREFIX.length);
    let entry;
    try { entry = JSON.parse(localStorage.getItem(key)); } catch (bad) { entry = null; }
    if (!entry || Date.now() - entry.at > DAY) { localStorage.removeItem(key); continue; }
    if (entry.state === "sent") {
      if (next === address || (interruptedHere && address === here)) {
        localStorage.setItem(key, JSON.stringify({ ...entry, state: "interrupted" }));
      } else if (address === here || !next) {
        localStorage.removeItem(key); // saved, or shown again with the server's errors
      }
    } else if (entry.state === "interrupted" && address === here && !interruptedHere) {
      if (restore(entry.fields)) localStorage.removeItem(key);
    }
  }
})();
