// Long lists become searchable, and a list can follow another (schools of the chosen district).
// Every <select> of a page's main content with more than LONG options gets a search box above it that
// hides the options not matching what is typed (Turkish case folding, accents ignored; chosen options
// stay visible). A <select data-follows="id"> shows only the options whose data-parent is the value
// chosen in that other select. Without JavaScript the plain lists work as before; the server checks
// every choice anyway. A static file, so the Content-Security-Policy needs no inline script.
document.addEventListener("DOMContentLoaded", function () {
  var LONG = 15;
  var label = document.documentElement.lang === "tr" ? "Listede ara" : "Search the list";

  function fold(text) {
    return text.toLocaleLowerCase("tr").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ı/g, "i");
  }

  function apply(select) {
    var query = select.filterBox ? fold(select.filterBox.value.trim()) : "";
    var leader = select.dataset.follows ? document.getElementById(select.dataset.follows) : null;
    var parent = leader ? leader.value : "";
    Array.prototype.forEach.call(select.options, function (option) {
      var inParent = !parent || !option.dataset.parent || option.dataset.parent === parent;
      if (!inParent && option.selected) {
        option.selected = false;
      }
      var matches = !query || option.selected || option.value === "" || fold(option.text).indexOf(query) !== -1;
      option.hidden = !(inParent && matches);
    });
  }

  document.querySelectorAll("main select").forEach(function (select) {
    if (select.options.length <= LONG || select.disabled) {
      return;
    }
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1 select-filter";
    box.placeholder = label;
    box.setAttribute("aria-label", label + (select.labels && select.labels[0] ? ": " + select.labels[0].textContent.trim() : ""));
    if (select.id) {
      box.setAttribute("aria-controls", select.id);
    }
    select.parentNode.insertBefore(box, select);
    select.filterBox = box;
    box.addEventListener("input", function () {
      apply(select);
    });
  });

  document.querySelectorAll("main select[data-follows]").forEach(function (select) {
    var leader = document.getElementById(select.dataset.follows);
    if (leader) {
      leader.addEventListener("change", function () {
        apply(select);
      });
    }
    apply(select);
  });
});
