// My work, progress and comment forms: an answer that explains a refusal (403, 409 merge
// view, 422 diagnostics) replaces the form, as the page without JavaScript shows it.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  var target = event.detail.target;
  if ((status === 403 || status === 409 || status === 422) && target &&
      target.closest(".progress-answer, .comments")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
