// Gõ Cửa: small progressive enhancements; every page works without them.
"use strict";

// Sortable tables: <th data-sort> headers sort their table's body by that column.
document.addEventListener("click", (event) => {
  const th = event.target.closest("th[data-sort]");
  if (!th) return;
  const table = th.closest("table");
  const body = table.tBodies[0];
  const index = Array.from(th.parentNode.children).indexOf(th);
  const ascending = th.dataset.dir !== "asc";
  th.dataset.dir = ascending ? "asc" : "desc";
  const key = (row) => {
    const cell = row.children[index];
    const raw = cell ? (cell.dataset.value ?? cell.textContent.trim()) : "";
    const number = Number(raw);
    return raw !== "" && !Number.isNaN(number) ? number : raw.toLowerCase();
  };
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const x = key(a), y = key(b);
    if (x === y) return 0;
    return (x > y ? 1 : -1) * (ascending ? 1 : -1);
  });
  rows.forEach((row) => body.appendChild(row));
});

// No inline handlers (the Content-Security-Policy runs no inline script):
// <select data-autosubmit> sends its form when changed, <button data-print> prints the page
// (the print stylesheet lays it out on A4 landscape).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
