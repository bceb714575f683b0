// Editing forms and analyses: htmx swaps a refused form (422), the merge view (409) or a
// refusal (403, 404) in place of the form, and moves the focus to what needs attention.
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
