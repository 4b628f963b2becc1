// catpack's one service worker, served at /sw.js (scope: the whole app).
//  * Offline: keeps the app's shell and static files, and a copy of each page
//    the owner opened (network first: the copy is used only when the server
//    cannot be reached, marked so the page can say "offline since ...").
//    A page never opened gets the offline page.
//  * A form posted as a whole page goes to the server as it is; only when the
//    server cannot be reached at all, the owner gets a page saying nothing was
//    saved (for a log-in or a log-out: not logged in yet, or still logged
//    in), with the way back to the form (not the browser's error page).
//  * The outbox (outbox.js): Background Sync sends the sessions a phone kept,
//    where the browser has it (Chromium); elsewhere the pages send them.
//  * Web push: shows the reminders the server pushes, opens the app on a tap.
"use strict";

importScripts("/static/outbox.js");

// The server serves this file with the line below naming a digest of the
// app's static files and templates ("catpack-<digest>"): a new release is
// a new service worker, whose caches replace the old ones.

var VERSION = "catpack";
var SHELL_CACHE = VERSION + "-shell";
var PAGE_CACHE = VERSION + "-pages";
var SHELL = [
  "/offline",
  "/offline/not-saved",
  "/manifest.webmanifest",
  "/static/app.css",
  "/static/app.js",
  "/static/outbox.js",
  "/static/offline.js",
  "/static/vendor/htmx-2.0.11.min.js",
  "/static/icons/icon-192.png",
  "/static/icons/icon-512.png"
];

// The kept page for a post that could not reach the server, by the post's
// path: a log-in, a sign-up, a log-out each have their own words; any other
// post gets "Not saved". The server fills this list in when it serves this
// file (catpack.web.pages.offline.NOT_SENT): [{path: pattern, page: address}].
var NOT_SENT = [];
var NOT_SAVED = "/offline/not-saved";
NOT_SENT.forEach(function (kind) {
  if (SHELL.indexOf(kind.page) < 0) SHELL.push(kind.page);
});

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    return cache.addAll(SHELL);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(VERSION + "-") !== 0;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// A page's copy is kept under its path: Today after a log (?logged=1) is Today.
function pageKey(url) {
  return new URL(url).origin + new URL(url).pathname;
}

// The copy, marked as one (offline.js then says "offline since ...").
function fromCopy(cached) {
  return cached.text().then(function (html) {
    var headers = new Headers(cached.headers);
    return new Response(html.replace("<body ", "<body data-cached=\"1\" "), {
      status: 200, headers: headers
    });
  });
}

// The app's start address ("/") leads to the cat's Today; offline it shows the
// last Today the owner saw.
var LAST_TODAY = "/last-today";
var TODAY = /^\/cats\/[0-9]+\/today$/;

// A page the server gave, kept as the phone's copy (and Today as the last Today).
// The page is shown at once; the worker stays alive until the copy is stored.
function keep(event, request, response) {
  if (response.ok && response.type === "basic" && !response.redirected) {
    var path = new URL(response.url || request.url).pathname;
    var copy = response.clone();
    var today = TODAY.test(path) ? response.clone() : null;
    event.waitUntil(caches.open(PAGE_CACHE).then(function (cache) {
      return Promise.all([
        cache.put(pageKey(request.url), copy),
        today ? cache.put(self.location.origin + LAST_TODAY, today) : null
      ]);
    }).catch(function () { /* storage full: no copy this time */ }));
  }
  return response;
}

function page(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    return keep(event, request, response);
  }, function () {
    var path = new URL(request.url).pathname;
    return caches.open(PAGE_CACHE).then(function (cache) {
      return cache.match(path === "/" ? self.location.origin + LAST_TODAY : pageKey(request.url));
    }).then(function (cached) {
      if (cached) return fromCopy(cached);
      return caches.match("/offline").then(function (offline) {
        return offline || new Response("No connection.", { status: 503, headers: { "Content-Type": "text/plain" } });
      });
    });
  });
}

// Static files: the kept copy at once, refreshed in the background.
function staticFile(event) {
  var request = event.request;
  return caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(request).then(function (cached) {
      var fresh = fetch(request);
      // The worker stays alive until the new copy is stored.
      event.waitUntil(fresh.then(function (response) {
        return response.ok ? cache.put(request, response.clone()) : null;
      }).catch(function () {}));
      if (cached) return cached;
      return fresh;
    });
  });
}

// A form posted as a whole page (a plain form, not htmx's): the request as
// the browser made it (its body, the anti-forgery token, and a redirect left
// for the browser to follow), so any answer the server gives, an error too,
// is shown as without this worker. No answer at all (no signal, dead Wi-Fi,
// the server down): the kept page saying nothing was saved (NOT_SENT: or not
// logged in, or still logged in), at the post's address, so Back returns to
// the form and what was typed.
function notSentPage(request) {
  var path = new URL(request.url).pathname;
  for (var i = 0; i < NOT_SENT.length; i++) {
    if (new RegExp(NOT_SENT[i].path).test(path)) return NOT_SENT[i].page;
  }
  return NOT_SAVED;
}

function post(request) {
  return fetch(request).catch(function () {
    return caches.match(notSentPage(request)).then(function (notSaved) {
      return notSaved || new Response("Not saved: no connection.", {
        status: 503, headers: { "Content-Type": "text/plain" }
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method === "POST" && request.mode === "navigate") {
    if (new URL(request.url).origin === self.location.origin) event.respondWith(post(request));
    return;
  }
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/api/") === 0 || url.pathname.indexOf("/outbox/") === 0) return;
  if (url.pathname.indexOf("/static/") === 0 || url.pathname === "/manifest.webmanifest") {
    event.respondWith(staticFile(event));
    return;
  }
  // Whole pages only: htmx's partial requests go to the network as they are.
  if (request.mode === "navigate" && !request.headers.get("HX-Request")) {
    event.respondWith(page(event));
    return;
  }
  // A link htmx follows (boosted: the owner's usual way from page to page)
  // gets the whole page too: its copy is kept the same, for a page opened
  // offline and for Back from the "Not saved" page to the form. With no
  // answer the request fails as before (app.js then opens the page whole).
  if (request.headers.get("HX-Boosted") === "true") {
    event.respondWith(fetch(request).then(function (response) {
      return keep(event, request, response);
    }));
  }
});

// ---------------------------------------------------------------- the outbox

function tellPages(result) {
  return self.clients.matchAll({ type: "window" }).then(function (open) {
    open.forEach(function (client) { client.postMessage({ type: "catpack-outbox", result: result }); });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag !== "catpack-outbox") return;
  event.waitUntil(self.catpackOutbox.flush().then(function (result) {
    return tellPages(result).then(function () {
      // Still no way through: the browser tries again later.
      if (result.wait && result.left) throw new Error("outbox not sent yet");
    });
  }));
});

// ---------------------------------------------------------------- web push

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { body: event.data.text() }; }
  event.waitUntil(self.registration.showNotification(data.title || "catpack", {
    body: data.body || "",
    tag: data.tag || "catpack",
    data: { url: data.url || "/" }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin).href;
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (open) {
    for (var i = 0; i < open.length; i++) {
      if (open[i].url.indexOf(self.location.origin) === 0 && "focus" in open[i]) {
        return open[i].focus().then(function (client) {
          return client && "navigate" in client ? client.navigate(url) : client;
        });
      }
    }
    return self.clients.openWindow(url);
  }));
});
