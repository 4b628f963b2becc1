// catpack: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  function fmt(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  // A session timer that never runs past the session's max minutes. It is kept
  // per cat in this phone's storage (when it started, what ran before a pause),
  // so leaving Today (the log page, another tab, a reload) does not reset it;
  // Reset forgets it, and so does logging the session.
  var TIMER_KEY = "catpack-timer:";
  var TIMER_FORGET_MS = 6 * 3600 * 1000;  // a timer left this long is an old one
  function timerKey() {
    var cat = /\/cats\/(\d+)\//.exec(window.location.pathname);
    return cat ? TIMER_KEY + cat[1] : null;
  }
  function timerRead(key, max) {
    if (!key) return null;
    try {
      var kept = JSON.parse(window.localStorage.getItem(key) || "null");
      if (!kept || kept.max !== max || !(Date.now() - kept.saved < TIMER_FORGET_MS)) return null;
      return kept;
    } catch (e) { return null; }
  }
  function timerWrite(key, state) {
    if (!key) return;
    try {
      if (state) { state.saved = Date.now(); window.localStorage.setItem(key, JSON.stringify(state)); }
      else window.localStorage.removeItem(key);
    } catch (e) { /* no storage (a private window): the timer still runs on this page */ }
  }

  function setupTimer(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var max = parseInt(root.dataset.maxSeconds, 10) || 0;
    var ui = root.querySelector(".timer-ui");
    var note = root.querySelector(".nojs-note");
    var clock = root.querySelector("[data-clock]");
    var bar = root.querySelector("[data-bar]");
    var status = root.querySelector("[data-status]");
    var start = root.querySelector("[data-start]");
    var pause = root.querySelector("[data-pause]");
    var reset = root.querySelector("[data-reset]");
    var elapsed = 0, handle = null, startedAt = 0, base = 0;
    var key = timerKey();
    ui.hidden = false;
    if (note) note.hidden = true;

    function draw() {
      root.dataset.elapsed = String(elapsed);
      clock.textContent = fmt(elapsed);
      bar.style.width = (max ? Math.min(100, (100 * elapsed) / max) : 0) + "%";
    }
    function told() { document.dispatchEvent(new CustomEvent("catpack:timer")); }
    function stop(message) {
      var was = handle;
      if (handle) clearInterval(handle);
      handle = null;
      delete root.dataset.running;
      if (was) told();
      start.disabled = elapsed >= max || checklistLocked();
      pause.disabled = true;
      if (message) status.textContent = message;
    }
    function tick() {
      if (!document.body.contains(root)) { clearInterval(handle); handle = null; return; }
      elapsed = Math.min(max, base + Math.floor((Date.now() - startedAt) / 1000));
      draw();
      if (elapsed >= max) {
        root.classList.add("done");
        stop("Time's up. End on a calm moment, then log how it went.");
        timerWrite(key, { max: max, base: max });
      }
    }
    function run(message) {
      handle = setInterval(tick, 250);
      root.dataset.running = "1";
      told();
      start.disabled = true; pause.disabled = false;
      status.textContent = message;
      tick();
    }
    start.addEventListener("click", function () {
      if (handle || elapsed >= max) return;
      startedAt = Date.now(); base = elapsed;
      timerWrite(key, { max: max, base: base, startedAt: startedAt });
      run("Running. Stop early if the cat has had enough.");
    });
    pause.addEventListener("click", function () {
      stop("Paused.");
      timerWrite(key, { max: max, base: elapsed });
    });
    reset.addEventListener("click", function () {
      elapsed = 0; root.classList.remove("done"); stop("Ready."); draw();
      timerWrite(key, null);
    });

    // Moving or outdoor sessions: the timer starts only when every check is ticked.
    var form = document.getElementById("prepare");
    var boxes = form ? form.querySelectorAll('input[name="check"]') : [];
    function checklistLocked() {
      for (var i = 0; i < boxes.length; i++) if (!boxes[i].checked) return true;
      return false;
    }
    function refresh() {
      if (handle) return;
      var locked = checklistLocked();
      start.disabled = locked || elapsed >= max;
      if (boxes.length) status.textContent = locked ? "Tick every check above to start." : "Ready.";
    }
    for (var i = 0; i < boxes.length; i++) boxes[i].addEventListener("change", refresh);
    refresh();

    // A session just logged: its timer is done with. Else the timer kept from
    // before this page (running on, or paused) carries on where it was.
    if (/[?&]logged=1/.test(window.location.search)) timerWrite(key, null);
    var kept = timerRead(key, max);
    if (kept) {
      base = Math.min(max, Math.max(0, kept.base || 0));
      elapsed = base;
      if (kept.startedAt && base < max) {
        startedAt = kept.startedAt;
        run("Still running from before. Pause or Reset below.");
      } else if (base >= max) {
        root.classList.add("done");
        stop("Time's up. End on a calm moment, then log how it went.");
      } else if (base > 0) {
        stop("Paused at " + fmt(base) + ". Start goes on from there; Reset starts over.");
      }
    }
    draw();
  }

  // The pack thermometer on Today (components/pack_air.html): its panel is asked
  // for at once, then every few seconds while a session runs: the timer runs, or
  // the server has fresh readings (data-live). No session, no requests.
  var packWait = null, packBusy = false, packAgain = false;
  function packPanel() { return document.getElementById("pack-air"); }
  function runningTimer() { return document.querySelector("[data-timer][data-running]"); }
  function packWanted(panel) {
    return panel.dataset.live === "1" || (panel.dataset.paired === "1" && !!runningTimer());
  }
  function packSchedule(now) {
    if (packWait) clearTimeout(packWait);
    packWait = null;
    var panel = packPanel();
    if (!panel) return;
    if (now) { packFetch(); return; }
    if (!packWanted(panel)) return;
    packWait = setTimeout(packFetch, (parseInt(panel.dataset.every, 10) || 5) * 1000);
  }
  function packFetch() {
    packWait = null;
    var panel = packPanel();
    if (!panel) return;
    if (packBusy) { packAgain = true; return; }  // asked again meanwhile: once more after
    packBusy = true;
    var timer = runningTimer();
    var url = panel.dataset.packUrl + (timer ? "&timer=" + (timer.dataset.elapsed || "0") : "");
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.text(); })
      .then(packShow, packOffline)
      .then(function () {
        packBusy = false;
        var again = packAgain;
        packAgain = false;
        packSchedule(again);
      });
  }
  function packShow(html) {
    var old = packPanel();
    var box = document.createElement("template");
    box.innerHTML = html;
    var fresh = box.content.getElementById("pack-air");
    if (!old || !fresh) return;
    old.replaceWith(fresh);
    if (fresh.dataset.state === old.dataset.state || !fresh.dataset.say) return;
    // A change of state is said once: urgent ones as an alert, the rest politely.
    var urgent = fresh.dataset.urgent === "1";
    var say = document.getElementById(urgent ? "pack-alarm" : "pack-say");
    var other = document.getElementById(urgent ? "pack-say" : "pack-alarm");
    if (other) other.textContent = "";
    if (say) say.textContent = fresh.dataset.say;
  }
  function packOffline() {
    var panel = packPanel();
    var note = panel && panel.querySelector("[data-pack-offline]");
    if (!note || !packWanted(panel)) return;
    note.hidden = false;
    panel.hidden = false;
  }
  document.addEventListener("catpack:timer", function () { packSchedule(true); });

  // Today's "Log how it went" link carries what was ticked (and the weather)
  // from the "Before you start" form, and the timer's minutes, so the log form
  // arrives with them. Without JavaScript the form's "Check" button does the same.
  function syncLogLink() {
    var link = document.getElementById("log-link");
    var form = document.getElementById("prepare");
    if (!link || !form) return;
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "") params.append(key, value);
    });
    var timer = document.querySelector("[data-timer]");
    var seconds = timer ? parseInt(timer.dataset.elapsed || "0", 10) : 0;
    if (seconds > 0) params.set("minutes", String(Math.max(0.5, Math.round(seconds / 30) / 2)));
    var query = params.toString();
    link.href = link.pathname + (query ? "?" + query : "");
  }
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest("#prepare")) syncLogLink();
  });
  document.addEventListener("catpack:timer", syncLogLink);
  // htmx boosts links with the href they had when the page loaded: the log
  // link is followed here instead, with what is ticked now (capture phase,
  // before htmx sees the click).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#log-link");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    syncLogLink();
    event.preventDefault();
    event.stopPropagation();
    window.location.assign(link.href);
  }, true);

  // htmx requests carry the page's anti-forgery token (forms carry it as a field too).
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
  });

  // No connection: a tapped link (a tab, a boosted link) is opened as a whole
  // page instead, which the service worker answers with the phone's copy or
  // the offline page (htmx's own request just failed, and nothing showed).
  document.addEventListener("htmx:sendError", function (event) {
    var config = event.detail && event.detail.requestConfig;
    if (!config || config.verb !== "get") return;
    var path = (event.detail.pathInfo && event.detail.pathInfo.finalRequestPath) || config.path;
    if (path) window.location.assign(path);
  });

  // No connection: a form that saves something says so next to itself, with
  // what was typed kept, where it did nothing (htmx's post failed unseen) or
  // left for the browser's own error page (a plain form). The log form is
  // not one of them: its outbox keeps the session on the phone (offline.js).
  function keepsItsOwn(form) {
    return form.id === "log-form" || Boolean(form.dataset.outbox);
  }
  function notSaved(form) {
    var line = document.getElementById("offline-unsaved");
    if (!line || !form) return;
    delete form.dataset.sent;
    form.insertAdjacentElement("afterend", line);
    line.hidden = false;
    line.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method.toLowerCase() !== "post" || keepsItsOwn(form)) return;
    if (navigator.onLine !== false) return;
    event.preventDefault();
    event.stopPropagation();
    notSaved(form);
  }, true);
  document.addEventListener("htmx:sendError", function (event) {
    var config = event.detail && event.detail.requestConfig;
    if (!config || config.verb === "get") return;
    var elt = event.detail.elt;
    var form = elt && (elt.tagName === "FORM" ? elt : elt.closest && elt.closest("form"));
    if (form && !keepsItsOwn(form)) notSaved(form);
  });
  window.addEventListener("online", function () {
    var line = document.getElementById("offline-unsaved");
    if (line) line.hidden = true;
  });

  // The service worker's "Not saved" page (a form posted while catpack could
  // not be reached): back to the form, where the browser keeps what was typed.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-go-back]");
    if (!button) return;
    event.preventDefault();
    var from = document.referrer && new URL(document.referrer);
    if (window.history.length > 1) window.history.back();
    else if (from && from.origin === window.location.origin) window.location.assign(from.href);
  });

  // One tap saves once: a second tap while the first post is on its way is ignored.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method.toLowerCase() !== "post") return;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
  });

  // What was typed in a form posted as a whole page is kept in this tab until
  // the next page shows: when that is the "Not saved" page and the owner goes
  // back, the form gets it again. The browser restores most fields itself,
  // but not those marked autocomplete="off" (a cat's name, a pause's reason),
  // nor a page it had to load anew. Never passwords, nor hidden fields (the
  // anti-forgery token is the page's own).
  var DRAFT_KEY = "catpack-draft";
  var NOT_TYPED = ["hidden", "password", "file", "submit", "button", "reset", "image"];
  function typedFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !el.disabled && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName) &&
        NOT_TYPED.indexOf((el.type || "").toLowerCase()) < 0;
    });
  }
  function typedValue(el) {
    if (el.type === "checkbox" || el.type === "radio") return el.checked;
    if (el.tagName === "SELECT" && el.multiple) {
      return Array.prototype.filter.call(el.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; });
    }
    return el.value;
  }
  function setTyped(el, value) {
    if (el.type === "checkbox" || el.type === "radio") el.checked = value === true;
    else if (Array.isArray(value)) {
      Array.prototype.forEach.call(el.options, function (o) { o.selected = value.indexOf(o.value) >= 0; });
    } else if (typeof value === "string") el.value = value;
  }
  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target, kept = storage();
    // htmx's posts and the log form's outbox keep the page (defaultPrevented).
    if (!kept || event.defaultPrevented || form.method.toLowerCase() !== "post" || keepsItsOwn(form)) return;
    var fields = typedFields(form).map(function (el) { return [el.name, typedValue(el)]; });
    try {
      kept.setItem(DRAFT_KEY, JSON.stringify({
        page: window.location.pathname + window.location.search,
        form: Array.prototype.indexOf.call(document.forms, form),
        action: form.action,
        fields: fields
      }));
    } catch (e) { /* storage full or refused: the browser's own restoring only */ }
  });
  function restoreDraft() {
    var kept = storage();
    if (!kept || document.querySelector("[data-not-saved]")) return;
    var draft = null;
    try { draft = JSON.parse(kept.getItem(DRAFT_KEY) || "null"); } catch (e) { draft = null; }
    kept.removeItem(DRAFT_KEY);
    var how = window.performance && performance.getEntriesByType &&
      performance.getEntriesByType("navigation")[0];
    if (!draft || !how || how.type !== "back_forward") return;
    if (draft.page !== window.location.pathname + window.location.search) return;
    var form = document.forms[draft.form];
    if (!form || form.action !== draft.action) return;
    var fields = typedFields(form);
    if (fields.length !== draft.fields.length) return;  // another form since
    fields.forEach(function (el, i) {
      if (draft.fields[i][0] === el.name) setTyped(el, draft.fields[i][1]);
    });
  }
  // Back to a page the browser kept whole (its back/forward cache): what was
  // typed is there, and its forms may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    Array.prototype.forEach.call(document.forms, function (form) { delete form.dataset.sent; });
    var kept = storage();
    if (kept && !document.querySelector("[data-not-saved]")) kept.removeItem(DRAFT_KEY);
  });

  // On a screen narrower than the tabs, their row scrolls sideways: the
  // current tab is scrolled into view (the row only, never the page).
  function showCurrentTab() {
    var row = document.querySelector("nav.tabs");
    var here = row && row.querySelector('[aria-current="page"]');
    if (!here || row.scrollWidth <= row.clientWidth) return;
    var box = row.getBoundingClientRect(), tab = here.getBoundingClientRect();
    if (tab.left < box.left) row.scrollLeft -= box.left - tab.left + 24;
    else if (tab.right > box.right) row.scrollLeft += tab.right - box.right + 24;
  }

  // A link shown once (an invite, a share): a tap in its box selects it all,
  // and a button copies it where the browser lets a page copy.
  function setupCopy(scope) {
    scope.querySelectorAll("[data-copy]").forEach(function (button) {
      var box = document.getElementById(button.dataset.copy);
      if (!box || button.dataset.ready) return;
      button.dataset.ready = "1";
      box.addEventListener("focus", function () { box.select(); });
      if (!(navigator.clipboard && window.isSecureContext)) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var said = document.getElementById("made-copied");
        navigator.clipboard.writeText(box.value).then(function () {
          if (said) said.hidden = false;
        }, function () { box.focus(); });
      });
    });
  }

  // Sign-up: the household's time zone is the phone's (where "today" is).
  function phoneZone(scope) {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    scope.querySelectorAll("[data-phone-zone]").forEach(function (field) { field.value = zone; });
    // A phone in another zone than the household's: say whose time "When" is.
    scope.querySelectorAll("[data-zone-note]").forEach(function (note) {
      note.hidden = !zone || zone === note.getAttribute("data-zone-note");
    });
  }

  function init(scope) {
    showCurrentTab();
    setupCopy(scope || document);
    phoneZone(scope || document);
    var timers = (scope || document).querySelectorAll("[data-timer]");
    for (var i = 0; i < timers.length; i++) setupTimer(timers[i]);
    var panel = packPanel();
    if (panel && panel.dataset.state === "loading" && !panel.dataset.asked) {
      panel.dataset.asked = "1";
      packSchedule(true);
    }
  }
  document.addEventListener("DOMContentLoaded", function () { restoreDraft(); init(document); });
  document.addEventListener("htmx:afterSettle", function () { init(document); });
})();
