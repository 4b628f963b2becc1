// catpack offline: the installable app's page side. Every page works without it.
//  * Registers the one service worker (/sw.js: offline copies of pages, web push).
//  * The log form: Save gives the session an id (crypto.randomUUID) and the time
//    it was pressed, puts it in the outbox (outbox.js) and sends it. With no
//    signal it stays on the phone: "saved on this phone", and the stop guidance
//    at once when the session showed real stress (the readings that mean it come
//    from the server, data-stop), or "the coach will plan ... back online".
//  * Sends what waits on page load, when the phone is back online, when the app
//    comes back to the screen, and through Background Sync where the browser has it.
//  * Says how many sessions wait, which ones the server refused (kept, with its
//    words), and when the log-in expired (kept until the owner logs in again).
//    Each session is kept for the account logged in when it was saved: another
//    account's are only counted ("wait for another account's log-in").
//  * A page shown from the phone's copy says "offline since ...".
(function () {
  "use strict";

  var OFFLINE_SINCE = "catpack.offlineSince";
  var box = window.catpackOutbox;

  function $(id) { return document.getElementById(id); }

  function remember(key, value) {
    try {
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
    } catch (e) { /* private mode: nothing to remember */ }
  }
  function recall(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  // A time with the phone's own offset ("2026-11-29T17:05:09.120+01:00"), as
  // the log form's sessions carry them.
  function localIso(date) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    var offset = -date.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    var ms = String(date.getMilliseconds());
    while (ms.length < 3) ms = "0" + ms;
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate()) +
      "T" + two(date.getHours()) + ":" + two(date.getMinutes()) + ":" + two(date.getSeconds()) +
      "." + ms + sign + two(Math.floor(offset / 60)) + ":" + two(offset % 60);
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // Older browsers without randomUUID: a version-4 UUID from getRandomValues.
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // A time as the pages show one: on the household's clock (the page names its
  // zone), "Mon 30 Nov, 16:50"; the phone's zone only when the page names none.
  function shownTime(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    var options = { weekday: "short", day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    var zone = document.body.dataset.zone;
    if (zone) {
      try { return d.toLocaleString("en-GB", Object.assign({ timeZone: zone }, options)); } catch (e) { /* unknown here */ }
    }
    return d.toLocaleString("en-GB", options);
  }

  // ------------------------------------------------------------ service worker

  var registration = null;
  function registerWorker() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    registration = navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { return null; });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "catpack-outbox") show(event.data.result);
    });
  }

  function askBackgroundSync() {
    if (!registration) return;
    registration.then(function (reg) {
      if (reg && reg.sync) return reg.sync.register("catpack-outbox");
    }).catch(function () { /* no Background Sync: the page sends on its own */ });
  }

  // Ask the browser to keep the outbox through storage clean-ups (once the
  // owner has logged something worth keeping).
  function keepStorage() {
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
  }

  // ------------------------------------------------------------ status

  // The account logged in: the last flush's answer, else the page's own
  // (data-account; none on the log-in page).
  function account(result) {
    if (result && result.account) return String(result.account);
    return document.body.dataset.account || null;
  }

  function show(result) {
    if (!box) return Promise.resolve();
    return box.all().then(function (entries) {
      var who = account(result);
      // Another account's entries are only counted here: what they hold (and
      // what the server said of them) is for that account's eyes.
      var mine = who === null ? entries : entries.filter(function (e) { return !box.waitsForAnother(e, who); });
      // One the server refused is not waiting to sync: it is listed below with
      // what the server said and a button that removes it.
      var listed = who === null ? [] : mine.filter(function (e) { return e.problem; });
      setCount($("outbox-status"), mine.length - listed.length);
      setCount($("outbox-others"), entries.length - mine.length);
      var list = $("outbox-problems");
      if (list) {
        list.textContent = "";
        mine.forEach(function (entry) {
          if (!entry.problem || who === null) return;
          var item = document.createElement("li");
          item.textContent = "Session saved " + shownTime(entry.saved_at) + ": " + entry.problem + " ";
          var discard = document.createElement("button");
          discard.type = "button";
          discard.className = "btn small secondary";
          discard.textContent = "Remove it from this phone";
          discard.addEventListener("click", function () {
            box.remove(entry.id).then(function () { return show(); });
          });
          item.appendChild(discard);
          list.appendChild(item);
        });
        list.hidden = !list.children.length;
      }
      var login = $("outbox-login");
      if (login && result) login.hidden = !(result.login && result.left > 0);
      if (login && !entries.length) login.hidden = true;
    });
  }

  // A status line saying how many (its words in data-one and data-many), hidden at none.
  function setCount(line, n) {
    if (!line) return;
    line.hidden = n === 0;
    line.textContent = n === 1 ? line.dataset.one : (line.dataset.many || "").replace("{n}", n);
  }

  function flush() {
    if (!box) return Promise.resolve(null);
    return box.flush().then(function (result) {
      // Still waiting for a way through: let the browser send them when it can.
      if (result.wait && result.left) askBackgroundSync();
      return show(result).then(function () { return result; });
    }, function () { return null; });
  }

  // The log-in page (after logging out, or a log-in that expired): the copies
  // of the household's pages leave the phone. The outbox stays, to be sent
  // after the next log-in.
  function forgetPages() {
    if (location.pathname.indexOf("/login") !== 0 || !window.caches) return;
    caches.keys().then(function (names) {
      names.forEach(function (name) { if (/-pages$/.test(name)) caches.delete(name); });
    });
  }

  // ------------------------------------------------------------ offline since

  function fromCopy() {
    return document.body.hasAttribute("data-cached") || navigator.onLine === false;
  }

  function markOnline() {
    if (navigator.onLine !== false && !document.body.hasAttribute("data-cached")) remember(OFFLINE_SINCE, null);
  }

  function showOfflineSince() {
    var note = $("offline-since");
    if (!note) return;
    if (!fromCopy()) { note.hidden = true; return; }
    var since = recall(OFFLINE_SINCE);
    if (!since) {
      since = document.body.dataset.renderedAt || new Date().toISOString();
      remember(OFFLINE_SINCE, since);
    }
    note.querySelector("[data-since]").textContent = shownTime(since);
    note.hidden = false;
    // The copy's one-time words (a flash, an undo) belong to when it was made.
    var stale = document.querySelectorAll(".flash, form.undo");
    for (var i = 0; i < stale.length; i++) stale[i].hidden = true;
  }

  // ------------------------------------------------------------ the log form

  function stressed(fields, stop) {
    return fields.some(function (pair) {
      var name = pair[0], value = pair[1];
      if (name === "took_treats") return value === "no" && stop.took_treats.indexOf(false) >= 0;
      var listed = stop[name];
      return Array.isArray(listed) && listed.indexOf(value) >= 0;
    });
  }

  function setupLogForm() {
    var form = $("log-form");
    var panel = $("outbox");
    if (!form || !panel || !box || form.dataset.outbox) return;
    form.dataset.outbox = "1";
    var stop = {};
    try { stop = JSON.parse(panel.dataset.stop || "{}"); } catch (e) { stop = {}; }

    // "Log another session": a fresh form at once, signal or not.
    var again = panel.querySelector("[data-outbox-again]");
    if (again) again.addEventListener("click", function (event) {
      event.preventDefault();
      form.reset();
      form.elements.client_id.value = "";
      form.elements.saved_at.value = "";
      var buttons = form.querySelectorAll("button[type=submit]");
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
      panel.hidden = true;
      form.hidden = false;
      window.scrollTo(0, 0);
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var buttons = form.querySelectorAll("button[type=submit]");
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
      if (!form.elements.client_id.value) form.elements.client_id.value = newId();
      if (!form.elements.saved_at.value) form.elements.saved_at.value = localIso(new Date());
      // "When" left as the page gave it: the session happened when Save was
      // pressed (saved_at), not when the page was made (an offline copy may be
      // hours old). A "When" the owner set is the session's time.
      var when = form.elements.at;
      var untouched = when && when.value === when.defaultValue;
      var fields = [];
      new FormData(form).forEach(function (value, name) {
        if (name === "csrf_token" || typeof value !== "string") return;
        fields.push([name, name === "at" && untouched ? "" : value]);
      });
      var entry = {
        id: form.elements.client_id.value,
        url: new URL(form.action, location.href).pathname,
        fields: fields,
        saved_at: form.elements.saved_at.value,
        stressed: stressed(fields, stop),
        // Sent only under this account's log-in (outbox.js).
        account: document.body.dataset.account || null
      };
      // Kept on the phone first: nothing is lost if the page dies mid-send.
      box.put(entry).then(function () {
        keepStorage();
        return flush();
      }).then(function (result) {
        return box.all().then(function (left) {
          var mine = left.filter(function (e) { return e.id === entry.id; })[0];
          if (!mine) { location.assign(new URL(form.action, location.href).pathname.replace(/sessions$/, "today") + "?logged=1"); return; }
          if (mine.problem && result && result.refused && !result.wait) {
            // The server is reachable and named a problem: let it show the form's
            // own page with the problem next to the field, as without this script.
            return box.remove(entry.id).then(function () { form.submit(); });
          }
          askBackgroundSync();
          savedOnPhone(form, panel, entry);
        });
      });
    });
  }

  function savedOnPhone(form, panel, entry) {
    form.hidden = true;
    panel.hidden = false;
    panel.querySelector("[data-outbox-stop]").hidden = !entry.stressed;
    panel.querySelector("[data-outbox-calm]").hidden = entry.stressed;
    window.scrollTo(0, 0);
    var heading = panel.querySelector("h2");
    if (heading) { heading.tabIndex = -1; heading.focus(); }
  }

  // ------------------------------------------------------------ start

  function init() {
    forgetPages();
    markOnline();
    showOfflineSince();
    setupLogForm();
    show().then(function () { if (navigator.onLine !== false) flush(); });
  }

  registerWorker();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("htmx:afterSettle", function () { setupLogForm(); show(); });
  window.addEventListener("online", function () { markOnline(); showOfflineSince(); flush(); });
  window.addEventListener("offline", function () {
    if (!recall(OFFLINE_SINCE)) remember(OFFLINE_SINCE, new Date().toISOString());
    showOfflineSince();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && navigator.onLine !== false) flush();
  });
})();
