// catpack: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  function fmt(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  // A session timer that never runs past the session's max minutes.
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
    ui.hidden = false;
    if (note) note.hidden = true;

    function draw() {
      clock.textContent = fmt(elapsed);
      bar.style.width = (max ? Math.min(100, (100 * elapsed) / max) : 0) + "%";
    }
    function stop(message) {
      if (handle) clearInterval(handle);
      handle = null;
      start.disabled = elapsed >= max || checklistLocked();
      pause.disabled = true;
      if (message) status.textContent = message;
    }
    function tick() {
      elapsed = Math.min(max, base + Math.floor((Date.now() - startedAt) / 1000));
      draw();
      if (elapsed >= max) {
        root.classList.add("done");
        stop("Time's up. End on a calm moment, then log how it went.");
      }
    }
    start.addEventListener("click", function () {
      if (handle || elapsed >= max) return;
      startedAt = Date.now(); base = elapsed;
      handle = setInterval(tick, 250);
      start.disabled = true; pause.disabled = false;
      status.textContent = "Running. Stop early if the cat has had enough.";
    });
    pause.addEventListener("click", function () { stop("Paused."); });
    reset.addEventListener("click", function () {
      elapsed = 0; root.classList.remove("done"); stop("Ready."); draw();
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
    draw();
  }

  // htmx requests carry the page's anti-forgery token (forms carry it as a field too).
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
  });

  // One tap saves once: a second tap while the first post is on its way is ignored.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method.toLowerCase() !== "post") return;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
  });

  function init(scope) {
    var timers = (scope || document).querySelectorAll("[data-timer]");
    for (var i = 0; i < timers.length; i++) setupTimer(timers[i]);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function () { init(document); });
})();
