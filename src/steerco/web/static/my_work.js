// Progress and comment forms: a refusal of the user's own change (403: not their task)
// replaces the form with why, as the page without JavaScript shows it. Invalid input and
// stale edits come back as 200 answers with X-Edit-Status, as on the edit pages.
document.addEventListener("htmx:beforeSwap", function (event) {
  var target = event.detail.target;
  if (event.detail.xhr.status === 403 && target && target.closest(".progress-answer, .comments")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
