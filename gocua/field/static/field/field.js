// Gõ Cửa field app: the door-to-door visit on a phone, with or without network.
//
// The caseload (households, residents, facts, versions) lives in IndexedDB (Dexie); visits
// wait there too, under a UUID key with the versions the phone saw, until POST /api/v1/visits
// takes them. A waiting visit leaves IndexedDB only when the server answered "applied" or
// "duplicate", or when the member removes a refused one: never on a reload, a closed browser,
// an expired login (401) or a conflict.
"use strict";

(() => {
  const body = document.body;
  const URLS = {
    session: body.dataset.session,
    caseload: body.dataset.caseload,
    visits: body.dataset.visits,
    login: body.dataset.login,
    guides: body.dataset.guides,
  };
  const T = JSON.parse(document.getElementById("field-text").textContent);
  const BATCH = 100;
  const SHOWN = 40;

  const db = new Dexie("gocua-field");
  db.version(1).stores({
    households: "&id, unit",
    outbox: "&key, user, status, savedAt",
    meta: "&name",
  });
  // A neighbourhood's caseload is one record: one write and one read instead of thousands.
  db.version(2).stores({ households: null, caseloads: "&unit" });

  const state = {
    user: null, // {username, name, units, services, csrf}
    services: null, // codes of the services offered where the user works (null: all)
    unit: null, // the neighbourhood's code
    households: [], // caseload plus waiting visits, in memory for search
    index: [], // [{hh, words: [...]}] one per resident (and one per empty household)
    current: null, // the household on the visit screen
    syncing: null, // the running sync's promise
    loginExpired: false,
    reachable: null,
    guides: { guides: [], contacts: [] }, // GET /api/v1/guides, kept in meta "guides"
  };

  // Text ------------------------------------------------------------------------------------

  const fmt = (text, values) => text.replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));

  // "Nguyễn Văn Hùng" → "nguyen van hung", as gocua.lib.text.fold does on the server.
  const fold = (text) =>
    (text || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  const split = (folded) => folded.split(/[^a-z0-9]+/).filter(Boolean);
  const words = (text) => split(fold(text));

  const pad = (n) => String(n).padStart(2, "0");
  const isoDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const showDay = (iso) => (iso ? iso.slice(0, 10).split("-").reverse().join("/") : "—");
  const showTime = (ms) => {
    if (!ms) return T.never;
    const d = new Date(ms);
    return `${pad(d.getHours())}:${pad(d.getMinutes())} ${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
  };
  const ageOn = (birth, day = new Date()) => {
    if (!birth) return null;
    const [y, m, d] = birth.split("-").map(Number);
    const years = day.getFullYear() - y - ((day.getMonth() + 1 < m || (day.getMonth() + 1 === m && day.getDate() < d)) ? 1 : 0);
    return Math.max(years, 0);
  };
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    Object.entries(props).forEach(([k, v]) => {
      if (k === "dataset") Object.assign(node.dataset, v);
      else if (k in node) node[k] = v;
      else node.setAttribute(k, v);
    });
    children.forEach((c) => node.append(c));
    return node;
  };
  const uuid = () => (crypto.randomUUID ? crypto.randomUUID()
    : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
      (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16)));

  // Meta ------------------------------------------------------------------------------------

  const getMeta = async (name, fallback = null) => ((await db.meta.get(name)) || { value: fallback }).value;
  const setMeta = (name, value) => db.meta.put({ name, value });

  // Views -----------------------------------------------------------------------------------

  const show = (name) => {
    $$("[data-view]").forEach((section) => { section.hidden = section.dataset.view !== name; });
    window.scrollTo(0, 0);
  };

  const route = async () => {
    const hash = decodeURIComponent(location.hash.slice(1));
    if (hash === "sync") {
      await renderSync();
      show("sync");
    } else if (hash === "guides" || hash.startsWith("g/")) {
      renderGuide(hash.startsWith("g/") ? hash.slice(2) : "");
      show("guide");
    } else if (hash.startsWith("h/")) {
      const found = state.households.find((h) => h.id === hash.slice(2));
      if (found) {
        renderVisit(found);
        show("visit");
      } else {
        show(state.households.length ? "list" : "start");
      }
    } else {
      show(state.user || state.households.length ? "list" : "start");
      renderList();
    }
  };

  // Online as far as the browser knows, and the server answered the last time we asked.
  const setNetwork = (reached = null) => {
    if (reached !== null) state.reachable = reached;
    const online = navigator.onLine && state.reachable !== false;
    const net = $("[data-testid=network]");
    net.textContent = online ? T.online : T.offline;
    net.classList.toggle("off", !online);
  };

  const setLoginExpired = (expired) => {
    state.loginExpired = expired;
    $("[data-testid=relogin]").hidden = !expired;
  };

  const refreshCount = async () => {
    const mine = await myOutbox();
    const waiting = mine.filter((v) => v.status === "waiting").length;
    const problems = mine.length - waiting;
    $("[data-testid=waiting-count]").textContent = String(waiting);
    const pill = $("[data-testid=sync-pill]");
    pill.classList.toggle("has", waiting > 0);
    pill.classList.toggle("bad", problems > 0);
    const flag = $("[data-testid=problem-count]");
    flag.hidden = problems === 0;
    flag.textContent = fmt(T.problems_short, { count: problems });
    return { waiting, problems };
  };

  // The caseload ----------------------------------------------------------------------------

  const myOutbox = async () => {
    const username = state.user ? state.user.username : await getMeta("username");
    return (await db.outbox.orderBy("savedAt").toArray()).filter((v) => v.user === username);
  };

  // A waiting visit drawn over the household as the server will have it once sent.
  const overlay = (hh, visit) => {
    if (visit.household_facts && "household_skills" in visit.household_facts) {
      hh.facts.household_skills = visit.household_facts.household_skills ? (hh.facts.household_skills || visit.date) : null;
    }
    (visit.residents || []).forEach((entry) => {
      const resident = hh.residents.find((r) => String(r.id) === String(entry.id));
      if (resident) applyFacts(resident, entry.facts, visit.date);
    });
    (visit.new_residents || []).forEach((person) => {
      if (hh.residents.some((r) => r.id === "new:" + person.ref)) return;
      const resident = {
        id: "new:" + person.ref, version: 0, full_name: person.full_name, birth_date: person.birth_date,
        sex: person.sex, facts: { smartphone: null, eid_level: 0, vssid: null, ehealth: null, payment_account: null },
        pending: true,
      };
      applyFacts(resident, person.facts, visit.date);
      hh.residents.push(resident);
    });
    (visit.moved_out || []).forEach((gone) => {
      hh.residents = hh.residents.filter((r) => String(r.id) !== String(gone.id));
    });
    hh.pending = true;
  };

  const applyFacts = (resident, facts, day) => {
    Object.entries(facts || {}).forEach(([name, value]) => {
      if (name === "eid_level") resident.facts.eid_level = value;
      else resident.facts[name] = value ? (resident.facts[name] || day) : null;
    });
  };

  const buildIndex = () => {
    state.index = [];
    state.households.forEach((hh) => {
      // The server sends names and addresses already folded ("search"); folded here otherwise.
      const own = [...words(hh.code), fold(hh.code), ...split(hh.search || fold(hh.address))];
      if (!hh.residents.length) state.index.push({ hh, words: own });
      hh.residents.forEach((r) => state.index.push({ hh, words: own.concat(split(r.search || fold(r.full_name))) }));
    });
  };

  // The caseload in memory: what IndexedDB holds (or the rows just stored), waiting visits over it.
  const loadLocal = async (rows = null) => {
    const kept = rows ? null : (state.unit ? await db.caseloads.get(state.unit) : null);
    const stored = rows || (kept ? kept.households : []);
    const waiting = (await myOutbox()).filter((v) => v.status === "waiting");
    stored.forEach((hh) => {
      // What the server said, before waiting visits are drawn over it: sent as "seen".
      hh.residents.forEach((r) => { if (!r.seen) r.seen = { ...r.facts }; });
      waiting.filter((v) => v.household === hh.code && v.unit === hh.unit).forEach((v) => overlay(hh, v));
    });
    stored.sort((a, b) => a.code.localeCompare(b.code, "vi", { numeric: true }));
    state.households = stored;
    buildIndex();
  };

  const fetchCaseload = async () => {
    if (!state.unit) return null;
    const response = await fetch(`${URLS.caseload}?unit=${encodeURIComponent(state.unit)}`, {
      credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store",
    });
    if (response.status === 401) { setLoginExpired(true); return null; }
    if (!response.ok) return null;
    const data = await response.json();
    const rows = data.households.map((h) => ({ ...h, pk: h.id, id: `${state.unit}/${h.code}`, unit: state.unit }));
    await db.transaction("rw", db.caseloads, db.meta, async () => {
      await db.caseloads.put({ unit: state.unit, households: rows });
      await db.meta.put({ name: "caseload:" + state.unit, value: Date.now() });
    });
    // Waiting visits are drawn over these objects in memory: the stored copy stays the server's.
    return rows;
  };

  // Guides: each service's steps, kept on the phone to show a resident at the door ----------

  const fetchGuides = async () => {
    const query = state.unit ? `?unit=${encodeURIComponent(state.unit)}` : "";
    try {
      const response = await fetch(URLS.guides + query, {
        credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store",
      });
      if (!response.ok) return;
      state.guides = await response.json();
      await setMeta("guides", state.guides);
    } catch (offline) {
      // the kept copy stays
    }
  };

  const guideLinks = () => state.guides.guides.map((g) =>
    el("a", { className: "chip-link", href: "#g/" + encodeURIComponent(g.service), dataset: { testid: "guide-link-" + g.service } }, g.name));

  const renderGuide = (code) => {
    const root = $("[data-testid=guide]");
    const guide = state.guides.guides.find((g) => g.service === code);
    if (!guide) {
      root.replaceChildren(
        el("h1", {}, T.guides),
        state.guides.guides.length ? el("nav", { className: "guide-index" }, ...guideLinks())
          : el("p", { className: "muted" }, T.no_guides));
      return;
    }
    const parts = [el("h1", { dataset: { testid: "guide-title" } }, guide.name)];
    if (guide.audience) parts.push(el("p", { className: "who" }, el("strong", {}, T.guide_for + " "), guide.audience));
    if (guide.bring.length) {
      parts.push(el("h2", {}, T.guide_bring), el("ul", { className: "bring" }, ...guide.bring.map((b) => el("li", {}, b))));
    }
    parts.push(el("h2", {}, T.guide_steps),
      el("ol", { className: "steps", dataset: { testid: "guide-steps" } }, ...guide.steps.map((step) => el("li", {}, step))));
    if (guide.problems.length) {
      parts.push(el("h2", {}, T.guide_problems),
        el("dl", { className: "problems" }, ...guide.problems.flatMap((p) => [el("dt", {}, p.problem), el("dd", {}, p.fix)])));
    }
    if (guide.links.length) {
      parts.push(el("h2", {}, T.guide_links),
        el("ul", { className: "links" }, ...guide.links.map((link) =>
          el("li", {}, link.label, el("br"), el("a", { href: link.url, rel: "noopener" }, link.url)))));
    }
    if (state.guides.contacts.length) {
      parts.push(el("h2", {}, T.guide_contacts),
        el("ul", { className: "contacts" }, ...state.guides.contacts.map((c) =>
          el("li", {}, `${c.role} `, el("strong", {}, c.name), c.phone ? " · " : "",
            c.phone ? el("a", { href: "tel:" + c.phone }, c.phone) : "", ` · ${c.place}`))));
    }
    parts.push(el("p", {}, el("a", { href: "#guides" }, T.all_guides)));
    root.replaceChildren(...parts);
  };

  // The household list ----------------------------------------------------------------------

  const search = (query) => {
    const tokens = words(query);
    if (!tokens.length) return state.households;
    const seen = new Set();
    const found = [];
    for (const { hh, words: list } of state.index) {
      if (seen.has(hh)) continue;
      if (tokens.every((t) => list.some((w) => w.startsWith(t)))) {
        seen.add(hh);
        found.push(hh);
      }
    }
    return found;
  };

  const renderList = async () => {
    const query = $("#q").value;
    const found = search(query);
    const list = $("[data-testid=households]");
    list.replaceChildren(...found.slice(0, SHOWN).map((hh) => {
      const names = hh.residents.map((r) => r.full_name).join(", ");
      return el("li", { className: "card" + (hh.pending ? " pending" : "") },
        el("a", { className: "hh", href: "#h/" + encodeURIComponent(hh.id) },
          el("strong", {}, hh.code), " ", el("span", { className: "muted" }, hh.address || "")),
        hh.pending ? el("span", { className: "badge warn" }, T.pending) : "",
        el("span", { className: "muted" }, names));
    }));
    if (!found.length && state.households.length) list.append(el("li", { className: "muted" }, T.none_found));
    if (found.length > SHOWN) list.append(el("li", { className: "muted" }, fmt(T.more, { count: found.length - SHOWN })));
    const info = $("[data-testid=caseload-info]");
    const when = state.unit ? await getMeta("caseload:" + state.unit) : null;
    const residents = state.households.reduce((n, h) => n + h.residents.length, 0);
    info.textContent = state.households.length
      ? (query ? fmt(T.found, { count: found.length }) + " · " : "") +
        fmt(T.caseload, { count: state.households.length, residents, when: showTime(when) })
      : (when ? T.empty : T.no_caseload);
  };

  // The visit screen ------------------------------------------------------------------------

  const memberTemplate = document.getElementById("member-row");

  const memberRow = (resident, isNew = false) => {
    const id = String(resident.id).replace(/[^A-Za-z0-9_-]/g, "_");
    const holder = document.createElement("div");
    holder.innerHTML = memberTemplate.innerHTML.replaceAll("__ID__", id);
    const row = holder.firstElementChild;
    row.dataset.resident = String(resident.id);
    const age = ageOn(resident.birth_date);
    row.dataset.age = age === null ? "" : String(age);
    $(".vm-name", row).textContent = resident.full_name;
    $(".vm-age", row).textContent = age === null ? "" : fmt(T.age, { age });
    $(`[name="m${id}-version"]`, row).value = String(resident.version);
    const facts = resident.facts;
    const on = { smartphone: facts.smartphone, vssid: facts.vssid, ehealth: facts.ehealth, payment: facts.payment_account };
    Object.entries(on).forEach(([name, value]) => { $(`[name="m${id}-${name}"]`, row).checked = Boolean(value); });
    $$(`[name="m${id}-eid"]`, row).forEach((radio) => { radio.checked = Number(radio.value) === (facts.eid_level || 0); });
    let folded = false;
    $$("[data-min-age]", row).forEach((fact) => {
      const notYet = age !== null && age < Number(fact.dataset.minAge);
      fact.classList.toggle("na", notYet);
      folded = folded || notYet;
    });
    $("details.vm-na", row).hidden = !folded;
    // The shell lists every active service; keep those offered where the user works
    // (a ward may hide a service for itself).
    if (state.services) {
      $$(`[name="m${id}-guided"]`, row).forEach((chip) => {
        if (!state.services.has(chip.value)) chip.closest("label").remove();
      });
    }
    if (isNew) {
      row.classList.add("new");
      $(".vm-age", row).textContent += " · " + T.new_person;
      $(".vm-actions", row).replaceChildren(el("button", { type: "button", className: "link", dataset: { action: "remove-new" } }, T.undo));
    } else if (resident.pending) {
      row.classList.add("pending");
      $$("input", row).forEach((input) => { input.disabled = true; });
      $(".vm-actions", row).replaceChildren(el("span", { className: "muted" }, T.pending));
    }
    return row;
  };

  const renderVisit = (hh) => {
    state.current = { hh, newcomers: [], movingOut: new Set() };
    $("[data-testid=visit-code]").textContent = hh.code;
    $("[data-testid=visit-address]").textContent = hh.address || "";
    $("[data-testid=visit-day]").textContent = fmt(T.visit_day, { day: showDay(isoDay(new Date())) });
    const form = $("[data-view=visit] form");
    form.elements.skills.checked = Boolean(hh.facts && hh.facts.household_skills);
    $("[data-testid=members]").replaceChildren(...hh.residents.map((r) => memberRow(r)));
    $("[data-testid=add-person]").open = false;
    $("[data-testid=new-error]").hidden = true;
    $("[data-testid=visit-guides]").replaceChildren(...guideLinks());
    $("[data-testid=visit-guides-box]").hidden = !state.guides.guides.length;
  };

  const rowFacts = (row, resident) => {
    const id = String(resident.id).replace(/[^A-Za-z0-9_-]/g, "_");
    const read = (name) => $(`[name="m${id}-${name}"]`, row).checked;
    const level = Number(($(`[name="m${id}-eid"]:checked`, row) || { value: "0" }).value);
    const now = { smartphone: read("smartphone"), vssid: read("vssid"), ehealth: read("ehealth"), payment_account: read("payment"), eid_level: level };
    const guided = $$(`[name="m${id}-guided"]:checked`, row).map((chip) => chip.value);
    return { now, guided };
  };

  // Only what the member changed is sent: a fact left alone is never a conflict.
  const changedFacts = (before, now) => {
    const changes = {};
    Object.entries(now).forEach(([name, value]) => {
      if (name === "eid_level") { if (value !== (before.eid_level || 0)) changes.eid_level = value; }
      else if (value !== Boolean(before[name])) changes[name] = value;
    });
    return changes;
  };

  const saveVisit = async (event) => {
    event.preventDefault();
    const { hh, newcomers, movingOut } = state.current;
    const form = event.target;
    const day = isoDay(new Date());
    const visit = {
      key: uuid(), household: hh.code, unit: hh.unit, date: day, household_version: hh.version,
      household_facts: {}, residents: [],
      user: state.user ? state.user.username : await getMeta("username"),
      status: "waiting", message: "", savedAt: Date.now(),
    };
    const skills = form.elements.skills.checked;
    if (skills !== Boolean(hh.facts && hh.facts.household_skills)) visit.household_facts.household_skills = skills;
    $$("[data-testid=members] .vm").forEach((row) => {
      const id = row.dataset.resident;
      const newcomer = newcomers.find((n) => "new:" + n.key === id);
      if (newcomer) {
        const { now, guided } = rowFacts(row, { id });
        const facts = changedFacts({}, now);
        newcomer.facts = facts;
        newcomer.guided = guided;
        return;
      }
      const resident = hh.residents.find((r) => String(r.id) === id);
      if (!resident || resident.pending || movingOut.has(id)) return;
      const { now, guided } = rowFacts(row, resident);
      const facts = changedFacts(resident.facts, now);
      if (Object.keys(facts).length || guided.length) {
        const seen = Object.fromEntries(Object.keys(facts).map((name) => [name, (resident.seen || resident.facts)[name] ?? null]));
        visit.residents.push({ id: resident.id, version: resident.version, facts, seen, guided });
      }
    });
    if (newcomers.length) {
      // A baby under one is a newborn; anyone else came to live here today.
      visit.new_residents = newcomers.map(({ key, full_name, birth_date, sex, facts, guided }) => ({
        ref: key, full_name, birth_date, sex, facts: facts || {}, guided: guided || [],
        ...(birth_date && ageOn(birth_date) < 1 ? {} : { moved_in: day }),
      }));
    }
    if (movingOut.size) visit.moved_out = Array.from(movingOut).map((id) => ({ id: Number(id), date: day }));
    const empty = !Object.keys(visit.household_facts).length && !visit.residents.length && !newcomers.length && !movingOut.size;
    if (empty) {
      toast(T.nothing);
      location.hash = "";
      return;
    }
    await db.outbox.add(visit); // on the phone before anything else: from here it cannot be lost
    overlay(hh, visit); // drawn over the household in memory; IndexedDB keeps the server's copy
    buildIndex();
    await refreshCount();
    toast(T.saved);
    location.hash = "";
    if (navigator.onLine) sync();
  };

  const addNewcomer = () => {
    const name = $("[data-testid=new-name]").value.trim().replace(/\s+/g, " ");
    const birth = $("[data-testid=new-birth]").value;
    const error = $("[data-testid=new-error]");
    error.hidden = true;
    if (!name) { error.textContent = T.name_required; error.hidden = false; return; }
    if (birth && birth > isoDay(new Date())) { error.textContent = T.birth_future; error.hidden = false; return; }
    const person = {
      key: uuid(), full_name: name, birth_date: birth || null, sex: $("[data-testid=new-sex]").value,
      facts: {},
    };
    state.current.newcomers.push(person);
    const resident = { id: "new:" + person.key, version: 0, full_name: name, birth_date: person.birth_date,
      facts: { smartphone: null, eid_level: 0, vssid: null, ehealth: null, payment_account: null } };
    $("[data-testid=members]").append(memberRow(resident, true));
    ["new-name", "new-birth", "new-sex"].forEach((id) => { $(`[data-testid=${id}]`).value = ""; });
    $("[data-testid=add-person]").open = false;
  };

  const onMemberAction = (event) => {
    const button = event.target.closest("[data-action]");
    if (!button) return;
    const row = button.closest(".vm");
    const id = row.dataset.resident;
    if (button.dataset.action === "remove-new") {
      state.current.newcomers = state.current.newcomers.filter((n) => "new:" + n.key !== id);
      row.remove();
    } else if (button.dataset.action === "move-out") {
      const name = $(".vm-name", row).textContent;
      if (!window.confirm(fmt(T.confirm_move, { name }))) return;
      state.current.movingOut.add(id);
      row.classList.add("moving");
      $$("input", row).forEach((input) => { input.disabled = true; });
      $(".vm-actions", row).replaceChildren(
        el("span", { className: "badge warn" }, T.moving), " ",
        el("button", { type: "button", className: "link", dataset: { action: "keep" } }, T.undo));
    } else if (button.dataset.action === "keep") {
      state.current.movingOut.delete(id);
      const resident = state.current.hh.residents.find((r) => String(r.id) === id);
      row.replaceWith(memberRow(resident));
    }
  };

  // Sync ------------------------------------------------------------------------------------

  const session = async () => {
    let response;
    try {
      response = await fetch(URLS.session, { credentials: "same-origin", cache: "no-store" });
    } catch (offline) {
      setNetwork(false);
      throw offline;
    }
    setNetwork(true);
    if (response.status === 401) { setLoginExpired(true); return null; }
    if (!response.ok) throw new Error("session " + response.status);
    setLoginExpired(false);
    return response.json();
  };

  // One sync at a time: asking again while one runs waits for that one.
  const sync = () => {
    if (!state.syncing) state.syncing = runSync().finally(() => { state.syncing = null; });
    return state.syncing;
  };

  const runSync = async () => {
    const message = $("[data-testid=sync-message]");
    message.textContent = T.sync_running;
    body.classList.add("syncing");
    let applied = 0;
    try {
      const user = await session();
      if (!user) { message.textContent = T.sync_login; return; }
      await adopt(user);
      const waiting = (await myOutbox()).filter((v) => v.status === "waiting");
      for (let i = 0; i < waiting.length; i += BATCH) {
        const batch = waiting.slice(i, i + BATCH);
        const post = () => fetch(URLS.visits, {
          method: "POST", credentials: "same-origin", cache: "no-store",
          headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": state.user.csrf },
          body: JSON.stringify({ visits: batch.map(payload) }),
        });
        let response = await post();
        if (response.status === 403) { // a CSRF token gone stale (a new login): take a fresh one, once
          const fresh = await session();
          if (!fresh) { message.textContent = T.sync_login; return; }
          await adopt(fresh);
          response = await post();
        }
        if (response.status === 401) { setLoginExpired(true); message.textContent = T.sync_login; return; }
        if (!response.ok) { message.textContent = T.sync_error; return; }
        const { results } = await response.json();
        await db.transaction("rw", db.outbox, async () => {
          for (const result of results) {
            if (result.status === "applied" || result.status === "duplicate") {
              applied += 1;
              await db.outbox.delete(result.key);
            } else {
              await db.outbox.update(result.key, { status: result.status, message: result.message || "" });
            }
          }
        });
      }
      await setMeta("lastSync", Date.now());
      await loadLocal(await fetchCaseload());
      const { waiting: left, problems } = await refreshCount();
      message.textContent = fmt(T.sync_done, { applied, problems, waiting: left });
    } catch (problem) {
      message.textContent = state.reachable === false || !navigator.onLine ? T.sync_offline : T.sync_error;
    } finally {
      body.classList.remove("syncing");
      await refreshCount();
      if (!$("[data-view=sync]").hidden) await renderSync();
      if (!$("[data-view=list]").hidden) await renderList();
    }
  };

  const payload = (visit) => {
    const { user, status, message, savedAt, ...sent } = visit; // eslint-disable-line no-unused-vars
    return sent;
  };

  // The server's messages are "tiếng Việt / English": the half in the page's language.
  const said = (message) => {
    const halves = (message || "").split(" / ");
    return (document.documentElement.lang === "en" && halves.length > 1 ? halves.slice(1).join(" / ") : halves[0]).trim();
  };

  const renderSync = async () => {
    const mine = await myOutbox();
    $("[data-testid=sync-waiting]").textContent = String(mine.filter((v) => v.status === "waiting").length);
    $("[data-testid=sync-last]").textContent = showTime(await getMeta("lastSync"));
    $("[data-testid=sync-caseload]").textContent = showTime(state.unit ? await getMeta("caseload:" + state.unit) : null);
    const problems = mine.filter((v) => v.status !== "waiting");
    const list = $("[data-testid=problems]");
    list.replaceChildren(...problems.map((v) => el("li", { className: "card " + v.status, dataset: { key: v.key } },
      el("strong", {}, fmt(T.visit_of, { code: v.household, day: showDay(v.date) })),
      el("p", {}, v.status === "conflict" ? (said(v.message) || T.conflict) : `${T.refused}: ${said(v.message)}`),
      el("button", { type: "button", className: "link", dataset: { dismiss: v.key, status: v.status } },
        v.status === "conflict" ? T.seen : T.dismiss))));
    if (!problems.length) list.append(el("li", { className: "muted" }, T.no_problems));
  };

  const dismiss = async (event) => {
    const { dismiss: key, status } = event.target.dataset;
    if (!key) return;
    // A conflict is kept on the server for the ward officer; a refused visit exists only here.
    if (status !== "conflict" && !window.confirm(T.confirm_dismiss)) return;
    await db.outbox.delete(key);
    await refreshCount();
    await renderSync();
  };

  // Start -----------------------------------------------------------------------------------

  const toast = (text) => {
    const note = el("p", { className: "toast", role: "status", dataset: { testid: "toast" } }, text);
    document.body.append(note);
    setTimeout(() => note.remove(), 4000);
  };

  // A session from the server: remember who and where, so the app opens offline next time.
  const adopt = async (user) => {
    const before = await getMeta("username");
    if (before && before !== user.username) await db.caseloads.clear(); // another person's list
    state.user = user;
    state.services = user.services ? new Set(user.services.map((s) => s.code)) : null;
    await setMeta("username", user.username);
    await setMeta("user", { ...user, csrf: "" });
    const units = user.units.map((u) => u.code);
    const chosen = await getMeta("unit");
    state.unit = units.includes(chosen) ? chosen : units[0] || null;
    await setMeta("unit", state.unit);
    renderUnits(user.units);
  };

  const renderUnits = (units) => {
    const choice = $("[data-testid=unit-choice]");
    choice.hidden = units.length < 2;
    choice.replaceChildren(...units.map((u) => el("option", { value: u.code, selected: u.code === state.unit }, u.name)));
    const unit = units.find((u) => u.code === state.unit);
    $("[data-testid=unit-name]").textContent = unit ? unit.name : "";
  };

  const start = async () => {
    setNetwork(null);
    const cached = await getMeta("user");
    if (cached) {
      state.services = cached.services ? new Set(cached.services.map((s) => s.code)) : null;
      state.unit = await getMeta("unit");
      renderUnits(cached.units || []);
    }
    state.guides = await getMeta("guides", state.guides);
    await loadLocal();
    await refreshCount();
    await route();
    let user = null;
    try {
      user = await session();
    } catch (offline) {
      user = null;
    }
    if (user) {
      await adopt(user);
      if (!state.unit) { $("[data-testid=start-text]").textContent = T.no_units; show("start"); return; }
      await fetchGuides();
      const { waiting } = await refreshCount();
      if (waiting) await sync();
      else await loadLocal(await fetchCaseload());
      await route();
    } else if (!state.households.length) {
      $("[data-testid=start-text]").textContent = state.loginExpired ? T.need_login : T.no_caseload;
      $("[data-testid=login-link]").hidden = !state.loginExpired;
      show("start");
    }
    await renderList();
  };

  $("#q").addEventListener("input", () => renderList());
  $("[data-testid=search-form]").addEventListener("submit", (event) => { event.preventDefault(); renderList(); });
  $("[data-testid=unit-choice]").addEventListener("change", async (event) => {
    state.unit = event.target.value;
    await setMeta("unit", state.unit);
    renderUnits(state.user ? state.user.units : []);
    await loadLocal(navigator.onLine ? await fetchCaseload() : null);
    await renderList();
  });
  $("[data-view=visit] form").addEventListener("submit", saveVisit);
  $("[data-testid=members]").addEventListener("click", onMemberAction);
  $("[data-testid=new-add]").addEventListener("click", addNewcomer);
  $("[data-testid=visit-back]").addEventListener("click", (event) => { event.preventDefault(); location.hash = ""; });
  $("[data-testid=sync-now]").addEventListener("click", () => sync());
  $("[data-testid=problems]").addEventListener("click", dismiss);
  window.addEventListener("hashchange", route);
  window.addEventListener("online", () => { setNetwork(null); sync(); });
  window.addEventListener("offline", () => setNetwork(false));
  setInterval(async () => {
    if (navigator.onLine && !state.syncing && !state.loginExpired && (await refreshCount()).waiting) sync();
  }, 60_000);

  // For bench/field_app.py and the browser tests: the same functions the buttons call.
  window.gocuaField = {
    db,
    search: (query) => search(query).length,
    refresh: async () => { await loadLocal(await fetchCaseload()); return state.index.length; },
    reopen: async () => { await loadLocal(); return state.index.length; },
    sync,
    waiting: async () => (await refreshCount()).waiting,
    ready: null,
  };

  // Ask the browser not to clear this site's storage when the phone runs short of space:
  // waiting visits live there. (Chrome grants it to installed apps; a refusal changes nothing.)
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(body.dataset.sw, { scope: body.dataset.scope }).catch(() => {});
  }
  window.gocuaField.ready = start().catch((problem) => { $("[data-testid=start-text]").textContent = String(problem); show("start"); });
})();
