/*
 * Filing form, progressive enhancement only: the server decides what is shown, required and
 * valid (catalog.definition.validate_answers); this script shows and hides fields and documents
 * as the citizen answers, marks the ones a rule makes required, and saves the draft as they type.
 * Without it (or without JavaScript) every page still works: the server re-renders each step
 * with the rules applied.
 *
 * Rules travel in data attributes written by the server (catalog/definition/rendering.py):
 *   data-show-when / data-require-when: a JSON list of JSON Logic conditions (any one is enough);
 *   data-condition (documents): one JSON Logic condition that must hold for it to be asked;
 * and are evaluated with json-logic-js, the implementation the server's rules are limited to.
 * Answers of other steps come in the JSON script #datos-otros-pasos.
 */
(function () {
  "use strict";

  /* The summary: one click sends once (the idempotency key makes a second harmless anyway). */
  var once = document.querySelector("form[data-submit-once]");
  if (once) {
    once.addEventListener("submit", function () {
      var button = once.querySelector("button[type=submit]");
      window.setTimeout(function () { if (button) { button.disabled = true; } }, 0);
    });
  }

  var form = document.querySelector("form[data-filing]");
  var logic = window.jsonLogic;
  if (!form) {
    return;
  }

  function parse(text, fallback) {
    if (!text) {
      return fallback;
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      return fallback;
    }
  }

  var otherSteps = parse((document.getElementById("datos-otros-pasos") || {}).textContent, {}) || {};
  var groups = Array.prototype.slice.call(form.querySelectorAll("[data-field]"));

  function typeOf(group) {
    if (group.hasAttribute("data-document")) {
      return "document";
    }
    for (var i = 0; i < group.classList.length; i++) {
      var match = /^app-field--([a-z_]+)$/.exec(group.classList[i]);
      if (match && match[1] !== "error") {
        return match[1];
      }
    }
    return "text";
  }

  function inputs(group) {
    return Array.prototype.slice.call(group.querySelectorAll("input, select, textarea"));
  }

  function numberOrText(text, pattern) {
    var cleaned = text.replace(/[,\s]/g, "").replace(/^\$/, "");
    return pattern.test(cleaned) ? Number(cleaned) : text;
  }

  /* The value the rules see, as the server's logic_answers gives it; undefined when empty. */
  function valueOf(group) {
    var type = typeOf(group);
    var all = inputs(group);
    if (type === "file" || type === "document") {
      var file = all[0] && all[0].files && all[0].files[0];
      if (file) {
        return { name: file.name, size: file.size, content_type: file.type };
      }
      return group.querySelector(".app-field__stored") ? { stored: true } : undefined;
    }
    if (type === "multiple_choice") {
      var chosen = all.filter(function (input) { return input.checked; })
        .map(function (input) { return input.value; });
      return chosen.length ? chosen : undefined;
    }
    if (type === "address") {
      var parts = {};
      var any = false;
      all.forEach(function (input) {
        var text = input.value.trim();
        if (text) {
          parts[input.name.split(".").pop()] = text;
          any = true;
        }
      });
      return any ? parts : undefined;
    }
    var radios = all.filter(function (input) { return input.type === "radio"; });
    var text;
    if (radios.length) {
      var checked = radios.filter(function (input) { return input.checked; })[0];
      text = checked ? checked.value : "";
    } else {
      text = all[0] ? all[0].value.trim() : "";
    }
    if (!text) {
      return undefined;
    }
    if (type === "boolean") {
      return text === "true";
    }
    if (type === "integer") {
      return numberOrText(text, /^[+-]?\d+$/);
    }
    if (type === "decimal" || type === "money") {
      return numberOrText(text, /^[+-]?(\d+(\.\d*)?|\.\d+)$/);
    }
    if (type === "curp" || type === "rfc") {
      return text.toUpperCase();
    }
    return text;
  }

  function holds(condition, data) {
    if (typeof condition === "boolean") {
      return condition;
    }
    try {
      return logic.truthy(logic.apply(condition, data));
    } catch (error) {
      // A rule that fails to run is false, as on the server.
      return false;
    }
  }

  function anyHolds(conditions, data) {
    return conditions.some(function (condition) { return holds(condition, data); });
  }

  var state = groups.map(function (group) {
    var requireWhen = parse(group.getAttribute("data-require-when"), null);
    var required = inputs(group).some(function (input) { return input.required; });
    return {
      group: group,
      id: group.getAttribute("data-field"),
      isDocument: group.hasAttribute("data-document"),
      showWhen: parse(group.getAttribute("data-show-when"), null),
      requireWhen: requireWhen,
      condition: parse(group.getAttribute("data-condition"), undefined),
      // Required whatever the answers: by the definition, not by a rule.
      alwaysRequired: group.hasAttribute("data-always-required") || (!requireWhen && required)
    };
  });

  function collect(visible) {
    var data = {};
    Object.keys(otherSteps).forEach(function (key) { data[key] = otherSteps[key]; });
    state.forEach(function (item) {
      if (item.isDocument) {
        return;
      }
      delete data[item.id];
      if (visible[item.id]) {
        var value = valueOf(item.group);
        if (value !== undefined) {
          data[item.id] = value;
        }
      }
    });
    return data;
  }

  function setRequired(item, required) {
    inputs(item.group).forEach(function (input) {
      if (input.type === "checkbox") {
        return;
      }
      if (input.type === "file" && item.group.querySelector(".app-field__stored")) {
        input.required = false;
        return;
      }
      if (input.name && /\.numero_interior$/.test(input.name)) {
        return;
      }
      if (input.type === "radio" && input.value === "false") {
        return;
      }
      input.required = required;
    });
    var heading = item.group.querySelector("legend, label");
    var marker = heading && heading.querySelector(".app-field__required");
    if (required && heading && !marker) {
      marker = document.createElement("span");
      marker.className = "app-field__required";
      marker.textContent = " (" + (form.getAttribute("data-required-text") || "obligatorio") + ")";
      heading.appendChild(marker);
    } else if (!required && marker) {
      marker.parentNode.removeChild(marker);
    }
  }

  /* active_items of catalog/definition/rules.py: hiding a field may hide what depends on it. */
  function apply() {
    if (!logic) {
      return;
    }
    var visible = {};
    state.forEach(function (item) { visible[item.id] = true; });
    for (var round = 0; round <= state.length; round++) {
      var data = collect(visible);
      var changed = false;
      state.forEach(function (item) {
        if (item.isDocument || !visible[item.id]) {
          return;
        }
        if (item.showWhen && !anyHolds(item.showWhen, data)) {
          visible[item.id] = false;
          changed = true;
        }
      });
      if (!changed) {
        break;
      }
    }
    var answers = collect(visible);
    state.forEach(function (item) {
      var shown = visible[item.id];
      if (item.isDocument) {
        shown = (item.condition === undefined || holds(item.condition, answers)) &&
          (!item.showWhen || anyHolds(item.showWhen, answers));
      }
      var required = shown && (item.alwaysRequired ||
        (item.requireWhen ? anyHolds(item.requireWhen, answers) : false));
      item.group.hidden = !shown;
      setRequired(item, required);
    });
  }

  /* Debounced autosave of the step being typed: files are left to the real submit. */
  var autosaveUrl = form.getAttribute("data-autosave-url");
  var status = form.querySelector("[data-autosave-status]");
  var timer = null;
  var DELAY_MS = 800;

  function save() {
    var body = new FormData(form);
    Array.prototype.slice.call(form.querySelectorAll("input[type=file]")).forEach(function (input) {
      body.delete(input.name);
    });
    body.delete("accion");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(autosaveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (status) {
        status.textContent = response.ok ?
          (status.getAttribute("data-saved-text") || "Borrador guardado.") :
          (status.getAttribute("data-error-text") || "No se pudo guardar el borrador.");
      }
    }).catch(function () {
      if (status) {
        status.textContent = status.getAttribute("data-error-text") || "";
      }
    });
  }

  function changed(event) {
    apply();
    if (!autosaveUrl || (event.target && event.target.type === "file")) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(save, DELAY_MS);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    // The real submit saves everything; a pending autosave would only race it.
    window.clearTimeout(timer);
  });
  apply();
}());
