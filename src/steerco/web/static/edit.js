// Editing forms: a refused form (422) and the merge view (409) come to htmx as a 200 that
// it swaps in place of the form; a refusal of the request itself (403, 404) is swapped in
// likewise. The focus then moves to what needs attention.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  var source = event.detail.elt;
  if (status >= 400 && status < 500 && source && source.closest && source.closest("form.edit")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
document.addEventListener("htmx:afterSwap", function () {
  var attention = document.querySelector("#merge, #edit-problems");
  if (attention) {
    attention.setAttribute("tabindex", "-1");
    attention.focus();
  }
});
