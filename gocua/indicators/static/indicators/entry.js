// Gõ Cửa: the data-entry screen checks the rules as soon as a value is typed.
// It posts the figures to the page's JSON endpoint and lists what the rules find;
// without JavaScript the same checks show after saving.
"use strict";

(() => {
  const form = document.getElementById("entry-form");
  const box = document.getElementById("live-findings");
  const labels = document.getElementById("labels");
  if (!form || !box || !labels) return;
  let timer = null;
  let sequence = 0;

  const collect = () => {
    const values = {};
    for (const input of form.querySelectorAll("input[type=number]")) {
      const [code, part] = input.name.split("__");
      values[code] = values[code] || [null, null];
      const text = input.value.trim();
      values[code][part === "n" ? 0 : 1] = text === "" ? null : Number(text);
    }
    return {
      as_of: form.querySelector("[name=as_of]").value,
      from: form.querySelector("[name=start]").value,
      values,
    };
  };

  const show = (findings) => {
    box.replaceChildren();
    for (const row of form.querySelectorAll("tr[data-code]")) row.classList.remove("flagged");
    if (!findings.length) {
      const ok = document.createElement("p");
      ok.className = "badge ok";
      ok.textContent = labels.dataset.none;
      box.appendChild(ok);
      return;
    }
    const list = document.createElement("ul");
    list.className = "finding-list";
    for (const finding of findings) {
      const item = document.createElement("li");
      item.className = `card ${finding.severity}`;
      item.dataset.code = finding.code;
      const badge = document.createElement("span");
      badge.className = `badge ${finding.severity}`;
      badge.textContent = labels.dataset[finding.severity] || finding.severity;
      const action = document.createElement("span");
      action.className = "muted small";
      action.textContent = finding.action;
      item.append(badge, ` ${finding.text}`, document.createElement("br"), action);
      list.appendChild(item);
      if (finding.indicator) {
        const row = form.querySelector(`tr[data-code="${CSS.escape(finding.indicator)}"]`);
        if (row && finding.severity === "error") row.classList.add("flagged");
      }
    }
    box.appendChild(list);
  };

  const check = async () => {
    const mine = ++sequence;
    const token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    try {
      const response = await fetch(form.dataset.checkUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify(collect()),
        credentials: "same-origin",
      });
      if (!response.ok || mine !== sequence) return;
      const data = await response.json();
      show(data.findings || []);
    } catch (error) {
      // Offline or the server is busy: the checks run again on saving.
    }
  };

  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  });
})();
