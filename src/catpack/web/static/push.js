// catpack: the reminder page's two helpers. The page works without them (the
// calendar address can be selected and copied by hand); push needs them.
//  * Copy: copies the calendar address shown once.
//  * Push: registers the service worker (/sw.js), subscribes with the app's
//    VAPID public key (data-key) and posts the subscription to /reminders/push
//    with the page's anti-forgery token; "stop" unsubscribes and tells the server.
(function () {
  "use strict";

  function token() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function post(url, fields) {
    var body = new URLSearchParams(fields);
    body.append("csrf_token", token());
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRF-Token": token() }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.message || data.detail || "the server said no.");
        return data;
      });
    });
  }

  function setupCopy(root) {
    var button = root.querySelector("[data-copy]");
    if (!button || button.dataset.ready) return;
    button.dataset.ready = "1";
    var source = document.getElementById(button.dataset.copy);
    var status = root.querySelector("[data-copy-status]");
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(
        function () { status.textContent = "Copied. Paste it into your calendar app's \"add by address\" or \"subscribe\"."; },
        function () { source.select(); status.textContent = "Select the address and copy it."; }
      );
    });
  }

  // The VAPID key (base64url) as the bytes pushManager.subscribe wants.
  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function setupPush(root) {
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var status = root.querySelector("[data-push-status]");
    var on = root.querySelector("[data-push-on]");
    var off = root.querySelector("[data-push-off]");
    var note = root.querySelector(".nojs-note");
    if (note) note.hidden = true;
    function say(text) { status.textContent = text; }
    if (!window.isSecureContext) {
      say("Push needs the app's secure address (https), or this computer's own address.");
      return;
    }
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      say("This browser cannot get push reminders here (on an iPhone: add catpack to the Home Screen first).");
      return;
    }
    // The app's one service worker (offline.js registers it too; a second
    // register call with the same script is the same registration).
    var registration = navigator.serviceWorker.register("/sw.js", { scope: "/" });

    function show(subscribed) {
      on.hidden = subscribed;
      off.hidden = !subscribed;
    }
    registration.then(function (reg) { return reg.pushManager.getSubscription(); })
      .then(function (sub) { show(Boolean(sub)); if (sub) say("This phone gets push reminders."); })
      .catch(function () { show(false); });

    on.addEventListener("click", function () {
      on.disabled = true;
      Notification.requestPermission().then(function (answer) {
        if (answer !== "granted") throw new Error("Notifications are blocked for this site: allow them in the browser's settings, then try again.");
        return registration;
      }).then(function (reg) {
        return reg.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(root.dataset.key)
        });
      }).then(function (sub) {
        var data = sub.toJSON();
        return post("/reminders/push", {
          endpoint: data.endpoint, p256dh: data.keys.p256dh, auth: data.keys.auth
        });
      }).then(function (answer) {
        say(answer.message);
        show(true);
      }).catch(function (error) {
        say("Push could not be turned on: " + error.message);
      }).then(function () { on.disabled = false; });
    });

    off.addEventListener("click", function () {
      off.disabled = true;
      registration.then(function (reg) { return reg.pushManager.getSubscription(); })
        .then(function (sub) {
          if (!sub) return { message: "This phone was not signed up." };
          var endpoint = sub.endpoint;
          return sub.unsubscribe().then(function () {
            return post("/reminders/push/off", { endpoint: endpoint });
          });
        })
        .then(function (answer) { say(answer.message); show(false); })
        .catch(function (error) { say("Could not stop push: " + error.message); })
        .then(function () { off.disabled = false; });
    });
  }

  function init() {
    var calendar = document.getElementById("calendar");
    if (calendar) setupCopy(calendar);
    setupPush(document.querySelector("[data-push]"));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("htmx:afterSettle", init);
})();
