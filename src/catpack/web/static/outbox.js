// catpack's outbox: sessions logged on a phone that could not send them, kept in
// IndexedDB until the server has them. A few lines of our own (no library).
// Loaded by the pages (offline.js) and by the service worker (Background Sync),
// so it uses nothing of the page (no document, no localStorage).
//
// An entry: { id: the session's client_id (a UUID), url: the log form's action,
// fields: [[name, value], ...] as the form posted them (no anti-forgery token),
// saved_at, stressed: the page's offline stop verdict, account: the id of the
// account logged in on the page it was saved on (the page's data-account),
// problem: what the server said when it refused the entry (kept, shown to the
// account that saved it), elsewhere: an entry of before entries named their
// account that the server said is not for the account logged in now }.
//
// flush() sends the entries oldest first, one at a time, through the same form
// post as the log page, with a fresh anti-forgery token. It sends only the
// entries of the account logged in now (/outbox/token names it; the entry's
// account goes along as saved_by, and the server refuses it under another
// log-in): the others stay untouched, never lost, until their account logs in
// on this phone again. An entry saved before entries named their account is
// sent under whoever is logged in: the server takes it only for a cat of that
// account's household (it answers 404 otherwise, and the entry stays, marked
// elsewhere, for the next log-in). The server logs each
// client_id once, so an entry sent twice (a lost answer, two tabs, a server that
// died mid-request) is still one session. An entry leaves the outbox only when
// the server says it has it.
(function (scope) {
  "use strict";

  var DB_NAME = "catpack";
  var STORE = "outbox";
  var LOCK = "catpack-outbox";
  var running = null;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  // One transaction on the store; resolves with what `work` returned (a
  // request's result once the transaction has committed).
  function withStore(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onabort = tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (list) {
      return (list || []).sort(function (a, b) {
        return a.saved_at < b.saved_at ? -1 : a.saved_at > b.saved_at ? 1 : 0;
      });
    });
  }
  function put(entry) { return withStore("readwrite", function (store) { return store.put(entry); }); }
  function remove(id) { return withStore("readwrite", function (store) { return store.delete(id); }); }

  // A fetch that gives up after a while: a phone on one bar of signal can wait
  // minutes for nothing. The entry stays; a resend of one the server did get
  // returns the stored session.
  var WAIT_MS = 20000;
  function fetchWithin(url, options) {
    if (typeof AbortController === "undefined") return fetch(url, options);
    var control = new AbortController();
    var timer = setTimeout(function () { control.abort(); }, WAIT_MS);
    options.signal = control.signal;
    return fetch(url, options).then(
      function (r) { clearTimeout(timer); return r; },
      function (e) { clearTimeout(timer); throw e; }
    );
  }

  function loginPath(response) {
    try { return new URL(response.url).pathname.indexOf("/login") === 0; } catch (e) { return false; }
  }

  // This browser's anti-forgery token and the account logged in, or {login:
  // true} when the log-in expired.
  function token() {
    return fetchWithin("/outbox/token", { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (r.status === 401 || loginPath(r)) return { login: true };
      if (!r.ok) return { wait: true };
      return r.json().then(function (data) {
        return { token: data.csrf_token, account: data.account == null ? null : String(data.account) };
      });
    });
  }

  // Whether an entry is for the account logged in now (`account`): its own, or
  // one from before entries named their account (the server decides those).
  function isFor(entry, account) {
    return !entry.account || String(entry.account) === account;
  }

  // Send one entry: "sent", "login", "wait" (try later), "other" (the server
  // says another account is logged in now: kept as it is), "elsewhere" (an
  // entry without an account, for a cat not in this household: kept, marked)
  // or "refused" (entry.problem set).
  function send(entry, csrf, account) {
    var body = new URLSearchParams();
    entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    if (entry.account) body.append("saved_by", String(entry.account));
    body.append("csrf_token", csrf);
    return fetchWithin(entry.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "Accept": "application/json", "X-Catpack-Outbox": "1" }
    }).then(function (r) {
      if (r.status === 401 || loginPath(r)) return "login";
      if (r.ok) return "sent";
      if (r.status >= 400 && r.status < 500) {
        return r.json().catch(function () { return {}; }).then(function (data) {
          if (data.other_account) return "other";
          if (!entry.account && r.status === 404) {
            entry.elsewhere = account;
            return put(entry).then(function () { return "elsewhere"; });
          }
          entry.problem = data.detail || ("The server refused this session (" + r.status + ").");
          return put(entry).then(function () { return "refused"; });
        });
      }
      return "wait";
    }, function () { return "wait"; });
  }

  function flushNow() {
    // left: the entries still on the phone; others: those of them that wait
    // for another account's log-in (left out of this flush, or elsewhere).
    var result = { sent: 0, refused: 0, login: false, wait: false, other: false, left: 0, others: 0, account: null };
    return all().then(function (entries) {
      if (!entries.length) return result;
      return token().then(function (t) {
        if (t.login) { result.login = true; return; }
        if (t.wait) { result.wait = true; return; }
        result.account = t.account;
        // One after another, oldest first: the log keeps the order things happened.
        return entries.filter(function (entry) { return isFor(entry, t.account); }).reduce(function (chain, entry) {
          return chain.then(function (stop) {
            if (stop) return stop;
            return send(entry, t.token, t.account).then(function (outcome) {
              if (outcome === "sent") { result.sent++; return remove(entry.id); }
              if (outcome === "refused") { result.refused++; return; }
              if (outcome === "elsewhere") return;
              result[outcome] = true;
              return outcome;
            });
          });
        }, Promise.resolve());
      }, function () { result.wait = true; });
    }).then(function () {
      return all().then(function (left) {
        result.left = left.length;
        if (result.account !== null) {
          result.others = left.filter(function (e) { return waitsForAnother(e, result.account); }).length;
        }
        return result;
      });
    });
  }

  // Whether an entry waits for another account than `account` to log in on
  // this phone: saved under another one, or (from before entries named their
  // account) refused by the server as not this household's.
  function waitsForAnother(entry, account) {
    if (entry.account) return String(entry.account) !== account;
    return Boolean(entry.elsewhere) && String(entry.elsewhere) === account;
  }

  // Send what waits; one flush at a time (across tabs and the worker where the
  // browser has Web Locks; the server's client_id makes any overlap harmless).
  function flush() {
    if (running) return running;
    var locks = scope.navigator && scope.navigator.locks;
    var go = locks ? locks.request(LOCK, flushNow) : flushNow();
    running = go.then(function (r) { running = null; return r; }, function (e) { running = null; throw e; });
    return running;
  }

  scope.catpackOutbox = { all: all, put: put, remove: remove, flush: flush, isFor: isFor, waitsForAnother: waitsForAnother };
})(self);
