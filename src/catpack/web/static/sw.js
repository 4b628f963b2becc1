// catpack's service worker: shows the reminders the server pushes, and opens
// the app when one is tapped. It caches nothing.
"use strict";

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
      // The pages are outside this worker's scope: an open one is focused as it is.
      if (open[i].url.indexOf(self.location.origin) === 0 && "focus" in open[i]) return open[i].focus();
    }
    return self.clients.openWindow(url);
  }));
});
