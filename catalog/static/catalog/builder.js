// App builder, progressive enhancement: moving a step or a question up or down saves without
// reloading the page. The same form posts as without JavaScript (same fields, same service,
// same revision check); the page the server answers replaces the builder's content, and the
// focus returns to the moved item, announced to screen readers. Any failure falls back to a
// normal submission.
(function () {
  "use strict";
  var MOVES = { step_up: 1, step_down: 1, field_up: 1, field_down: 1 };
  var main = document.querySelector(".builder-main");
  if (!main || !window.fetch || !window.DOMParser) return;
  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);
  // Tells tests (and styles) that moves no longer reload the page.
  document.documentElement.setAttribute("data-builder-js", "ready");

  main.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (!button || !MOVES[button.value] || !form.classList.contains("builder-inline")) return;
    event.preventDefault();
    var data = new FormData(form);
    data.append(button.name, button.value);
    var item = form.querySelector("input[name=field], input[name=step]");
    var key = item ? item.name + "=" + item.value : "";
    // Not form.action: the buttons are named "action", which shadows the property.
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST", body: data, credentials: "same-origin", redirect: "follow"
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var fresh = page.querySelector(".builder-main");
      if (!fresh) throw new Error("no builder");
      main.innerHTML = fresh.innerHTML;
      var moved = key && main.querySelector("input[value='" + item.value + "'][name='" + item.name + "']");
      // The same button when the item can move on that way, else the other one (it reached an end).
      var target = moved && (moved.form.querySelector("button[value=" + button.value + "]") ||
        moved.form.querySelector("button[value$=_up], button[value$=_down]"));
      var heading = moved && moved.closest("li, section");
      (target || (heading && heading.querySelector("a, h2")) || main.querySelector("h1")).focus();
      var status = main.querySelector("[role=alert], .messages");
      live.textContent = status ? status.textContent.trim() : (button.textContent || "").trim();
    }).catch(function () {
      var fallback = document.createElement("input");
      fallback.type = "hidden"; fallback.name = button.name; fallback.value = button.value;
      form.appendChild(fallback);
      form.submit();
    });
  });
})();
