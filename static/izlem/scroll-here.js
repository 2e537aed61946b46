// Long lists that open where today's work is (a team's session weeks open at this week, not in
// September): the element marked data-scroll-here is brought into view unless the address names a
// place of its own (#...). A static file, so the Content-Security-Policy needs no inline script.
document.addEventListener("DOMContentLoaded", function () {
  var here = document.querySelector("[data-scroll-here]");
  if (here && !window.location.hash) {
    here.scrollIntoView({ block: "center" });
  }
});
