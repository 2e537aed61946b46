/* The entry grid (templates/monitoring/entry.html): each line saved when it changes (htmx), its state
   shown (saving, saved, error, to confirm), the rate computed as you type, a warning before leaving with
   unsaved input, Enter and the arrow keys moving as in a spreadsheet, and a summary with a jump to the
   first gap. The server stays the judge: the Submit and Save buttons post every line of the grid, so
   a line this script could not save is saved (or refused, named) by the same request. */
(function () {
  "use strict";
  var grid = document.getElementById("entry-grid");
  var form = document.getElementById("entry-form");
  var summary = document.getElementById("entry-summary");
  if (!grid || !form || !summary || !window.htmx) {
    return;
  }
  var text = summary.dataset;
  var lines = {}; // row id -> {dirty: bool, inflight: Promise|null, again: bool, failed: bool}
  var leaving = false;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function line(tr) {
    var id = tr.dataset.row;
    if (!lines[id]) {
      // confirm: the checkbox "I confirm this value" ticked (kept while a running save replaces the checkbox)
      lines[id] = { dirty: false, inflight: null, again: false, failed: false, confirm: false };
    }
    return lines[id];
  }

  function editableLines() {
    return Array.prototype.filter.call(grid.querySelectorAll("tr.entry-line[data-url]"), function (tr) {
      return tr.querySelector("input.entry-cell:not([disabled])");
    });
  }

  function cells(tr) {
    return Array.prototype.slice.call(tr.querySelectorAll("input.entry-cell:not([disabled])"));
  }

  function stateOf(tr) {
    var span = document.querySelector("#state-" + tr.dataset.row + " .entry-state");
    return span ? span.dataset.state : "empty";
  }

  function showState(tr, state, label) {
    var span = document.querySelector("#state-" + tr.dataset.row + " .entry-state");
    if (span) {
      span.dataset.state = state;
      span.className = "entry-state entry-state-" + state;
      span.textContent = label;
    }
  }

  /* Numbers as izlem reads them (izlem.core.formats.parse_decimal): 1.250 and 1.250,5 are grouped, 52,75 and 5.96 decimals. */
  function parseNumber(raw) {
    var s = (raw || "").replace(/[\s\u00a0%]/g, "");
    if (s === "" || s === "-") {
      return null;
    }
    if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s) && !/^-?0\./.test(s)) {
      s = s.replace(/\./g, "").replace(",", ".");
    } else if (/^-?\d*,\d+$/.test(s) || /^-?\d+,?$/.test(s)) {
      s = s.replace(",", ".");
    } else if (!/^-?\d*\.?\d+$/.test(s)) {
      return NaN;
    }
    return Number(s);
  }

  function showRate(tr) {
    var kind = tr.dataset.ratio;
    var output = document.querySelector("#rate-" + tr.dataset.row + " output");
    if (!kind || !output) {
      return;
    }
    var num = parseNumber(document.getElementById("num-" + tr.dataset.row).value);
    var den = parseNumber(document.getElementById("den-" + tr.dataset.row).value);
    if (num === null || den === null || isNaN(num) || isNaN(den) || den === 0) {
      output.textContent = "";
      return;
    }
    var turkish = (document.documentElement.lang || "tr").indexOf("tr") === 0;
    if (kind === "percent") {
      var number = (num / den * 100).toLocaleString("tr-TR", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
      output.textContent = turkish ? "%" + number : number + "%";
    } else {
      output.textContent = (num / den).toLocaleString("tr-TR", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
  }

  function dropSuggestion(tr) {
    var input = tr.querySelector("input.is-suggested");
    var hint = document.getElementById("sug-" + tr.dataset.row);
    if (input) {
      input.classList.remove("is-suggested");
      input.removeAttribute("aria-describedby");
    }
    if (hint) {
      hint.remove();
    }
  }

  function valuesOf(tr) {
    var id = tr.dataset.row;
    var values = {};
    cells(tr).forEach(function (input) {
      values[input.name] = input.value;
    });
    var version = document.getElementById("ver-" + id);
    values["line-" + id + "-version"] = version ? version.value : "0";
    if (line(tr).confirm) {
      values["line-" + id + "-confirm"] = "on";
    }
    return values;
  }

  function markCells(tr) {
    var state = line(tr);
    var failed = stateOf(tr) === "error" || stateOf(tr) === "confirm";
    cells(tr).forEach(function (input) {
      input.classList.toggle("is-pending", state.dirty || state.failed);
      if (input.dataset.col !== "2") {
        if (failed) {
          input.setAttribute("aria-invalid", "true");
          input.setAttribute("aria-describedby", "msg-" + tr.dataset.row);
        } else if (input.getAttribute("aria-describedby") === "msg-" + tr.dataset.row) {
          input.removeAttribute("aria-invalid");
          input.removeAttribute("aria-describedby");
        }
      }
    });
  }

  function save(tr) {
    var state = line(tr);
    var active = document.activeElement;
    var confirming = active && active.classList && active.classList.contains("entry-confirm") ? tr : null;
    if (state.inflight) {
      state.again = true; // saved again with the version the running save brings back
      return state.inflight;
    }
    state.dirty = false;
    state.failed = false;
    showState(tr, "saving", text.textSaving);
    var body = new URLSearchParams(valuesOf(tr));
    // fetch, not htmx.ajax: htmx holds one request per element and answers a second one at once, unsent;
    // the answer's parts (rate, state with the new version, messages) are then swapped out of band by htmx.
    state.inflight = fetch(tr.dataset.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": csrf },
    })
      .then(function (response) {
        if (!response.ok) {
          return true;
        }
        return response.text().then(function (html) {
          htmx.swap(document.body, html, { swapStyle: "none" });
          return stateOf(tr) === "saving";
        });
      })
      .catch(function () {
        return true;
      })
      .then(function (lost) {
        state.inflight = null;
        if (lost) {
          state.failed = true;
          showState(tr, "failed", "✗ " + text.textFailed);
        } else if (stateOf(tr) === "saved") {
          dropSuggestion(tr); // the suggested denominator is now the principal's saved one
        }
        showRate(tr); // of the numbers in the cells (a refused line keeps what was typed, not the stored rate)
        var checkbox = document.getElementById("confirm-" + tr.dataset.row);
        if (checkbox && state.confirm) {
          checkbox.checked = true;
        }
        markCells(tr);
        refresh();
        if (document.activeElement === document.body && confirming === tr) {
          // the confirmed line's question is gone with its checkbox: go on to the next line, not the page's top
          var all = editableLines();
          focusCell(cells(all[all.indexOf(tr) + 1] || tr)[0]);
        }
        if (state.again) {
          state.again = false;
          return save(tr);
        }
      });
    refresh();
    return state.inflight;
  }

  function refresh() {
    var all = editableLines();
    var filled = 0;
    var problems = 0;
    var unsaved = 0;
    all.forEach(function (tr) {
      var state = stateOf(tr);
      var own = line(tr);
      if (state === "saved" && !own.dirty) {
        filled += 1;
      }
      if (state === "error" || state === "confirm" || state === "failed") {
        problems += 1;
      }
      if (own.dirty || own.inflight) {
        unsaved += 1;
      }
    });
    var parts = [text.textSummary.replace("{filled}", filled).replace("{total}", all.length)];
    if (problems) {
      parts.push(text.textProblems.replace("{count}", problems));
    }
    if (unsaved) {
      parts.push(text.textUnsaved.replace("{count}", unsaved));
    }
    var label = parts.join(" · ");
    var out = document.getElementById("entry-summary-text");
    if (out.textContent !== label) {
      out.textContent = label;
    }
  }

  function firstGap() {
    var all = editableLines();
    for (var i = 0; i < all.length; i += 1) {
      var state = stateOf(all[i]);
      if (state !== "saved" || line(all[i]).dirty) {
        return all[i];
      }
    }
    return null;
  }

  function focusCell(input) {
    if (input) {
      input.focus();
      if (typeof input.select === "function") {
        input.select();
      }
    }
  }

  /* The cell in line `tr` nearest to column `col` (a count line has no denominator: its value then). */
  function cellAt(tr, col) {
    var best = null;
    cells(tr).forEach(function (input) {
      if (Number(input.dataset.col) <= col) {
        best = input;
      }
    });
    return best || cells(tr)[0];
  }

  function moveVertical(input, step) {
    var all = editableLines();
    var tr = input.closest("tr.entry-line");
    var index = all.indexOf(tr) + step;
    if (index >= 0 && index < all.length) {
      focusCell(cellAt(all[index], Number(input.dataset.col)));
      return true;
    }
    return false;
  }

  function moveHorizontal(input, step) {
    var row = cells(input.closest("tr.entry-line"));
    var index = row.indexOf(input) + step;
    if (index >= 0 && index < row.length) {
      focusCell(row[index]);
      return true;
    }
    return false;
  }

  grid.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.classList.contains("entry-cell")) {
      return;
    }
    var tr = input.closest("tr.entry-line");
    line(tr).dirty = true;
    if (input.dataset.col !== "2") {
      line(tr).confirm = false; // another number: a confirmation given to the former one does not hold
    }
    if (input.classList.contains("is-suggested")) {
      dropSuggestion(tr);
    }
    showState(tr, "pending", text.textPending);
    markCells(tr);
    showRate(tr);
    refresh();
  });

  /* A rate with only one of its two numbers is still being typed: saved when the line is left, so that
     "enter both" is not said between the numerator and the denominator. */
  function complete(tr) {
    if (!tr.dataset.ratio) {
      return true;
    }
    var num = document.getElementById("num-" + tr.dataset.row).value.trim();
    var den = document.getElementById("den-" + tr.dataset.row).value.trim();
    return (num === "") === (den === "");
  }

  grid.addEventListener("change", function (event) {
    var target = event.target;
    if (target.classList.contains("entry-cell")) {
      var row = target.closest("tr.entry-line");
      if (complete(row)) {
        save(row);
      }
    } else if (target.classList.contains("entry-confirm")) {
      var tr = document.getElementById("line-" + target.id.replace("confirm-", ""));
      line(tr).confirm = target.checked;
      save(tr);
    }
  });

  grid.addEventListener("focusout", function (event) {
    var tr = event.target.closest && event.target.closest("tr.entry-line");
    if (tr && line(tr).dirty && !(event.relatedTarget && tr.contains(event.relatedTarget))) {
      save(tr); // the line is left with a change not saved yet (an incomplete rate)
    }
  });

  grid.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("entry-cell") || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var tr = input.closest("tr.entry-line");
    var atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    var atEnd = input.selectionStart === input.value.length && input.selectionEnd === input.value.length;
    if (event.key === "Enter") {
      event.preventDefault(); // never the form's implicit submission: Enter moves down (Shift+Enter up)
      if (!moveVertical(input, event.shiftKey ? -1 : 1) && line(tr).dirty) {
        save(tr); // Enter on the last line saves it where it is
      }
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      moveVertical(input, 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      moveVertical(input, -1);
    } else if (event.key === "ArrowRight" && atEnd) {
      if (moveHorizontal(input, 1)) {
        event.preventDefault();
      }
    } else if (event.key === "ArrowLeft" && atStart) {
      if (moveHorizontal(input, -1)) {
        event.preventDefault();
      }
    }
  });

  grid.addEventListener("focusin", function (event) {
    var tr = event.target.closest && event.target.closest("tr.entry-line");
    Array.prototype.forEach.call(grid.querySelectorAll("tr.is-current"), function (row) {
      row.classList.remove("is-current");
    });
    if (tr) {
      tr.classList.add("is-current");
    }
  });

  document.getElementById("entry-jump").addEventListener("click", function (event) {
    var gap = firstGap();
    if (gap) {
      event.preventDefault();
      var cell = cells(gap).filter(function (input) {
        return input.value === "";
      })[0];
      focusCell(cell || cells(gap)[0]);
    }
  });

  function unsaved() {
    return Object.keys(lines).some(function (id) {
      var state = lines[id];
      return state.dirty || state.inflight || state.failed;
    }) || editableLines().some(function (tr) {
      return stateOf(tr) === "error" || stateOf(tr) === "confirm";
    });
  }

  window.addEventListener("beforeunload", function (event) {
    if (!leaving && unsaved()) {
      event.preventDefault();
      event.returnValue = ""; // the browser asks "leave the page?" in its own words
    }
  });

  form.addEventListener("submit", function (event) {
    var running = Object.keys(lines)
      .map(function (id) {
        return lines[id].inflight;
      })
      .filter(Boolean);
    if (running.length) {
      // wait for the running saves: the form then carries the versions they brought back
      event.preventDefault();
      var submitter = event.submitter;
      Promise.all(running).then(function () {
        form.requestSubmit(submitter);
      });
      return;
    }
    leaving = true; // the request itself saves every typed line, or refuses naming them
  });

  editableLines().forEach(function (tr) {
    var checkbox = document.getElementById("confirm-" + tr.dataset.row);
    line(tr).dirty = stateOf(tr) === "pending"; // typed lines a refused save of the grid did not keep
    line(tr).confirm = Boolean(checkbox && checkbox.checked);
    markCells(tr);
  });
  refresh();
})();
