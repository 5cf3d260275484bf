// Behaviour of every page, kept out of the HTML: the Content-Security-Policy runs no inline script.

// Choosing a recipient from the search results (outgoing form): clear the results, empty the search
// box and put the cursor back in it, ready for the next name.
document.addEventListener("htmx:afterRequest", function (event) {
  var source = event.detail && event.detail.elt;
  if (!source || !source.hasAttribute || !source.hasAttribute("data-recipient-choice")) return;
  var options = document.getElementById("recipient-options");
  if (options) options.replaceChildren();
  var search = document.getElementById("recipient-search");
  if (search) {
    search.value = "";
    search.focus();
  }
});

// A form whose files are larger than the server accepts is stopped before sending, with the reason
// next to the file input: nobody waits minutes for an upload that will be refused.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var limitMb = Number(document.body.getAttribute("data-upload-max-mb"));
  if (!limitMb || !form.querySelectorAll) return;
  var inputs = form.querySelectorAll("input[type=file]");
  var total = 0;
  inputs.forEach(function (input) {
    Array.prototype.forEach.call(input.files || [], function (file) { total += file.size; });
  });
  if (total <= limitMb * 1024 * 1024) return;
  event.preventDefault();
  var last = inputs[inputs.length - 1];
  var message = form.querySelector(".upload-too-large");
  if (!message) {
    message = document.createElement("div");
    message.className = "upload-too-large alert alert-danger small mt-2";
    message.setAttribute("role", "alert");
    last.insertAdjacentElement("afterend", message);
  }
  message.textContent = "Tệp tải lên quá lớn: mỗi lần gửi tối đa " + limitMb + " MB. Hãy chia nhỏ tệp hoặc giảm dung lượng bản quét.";
}, true);

// Enter in a search-as-you-type box (recipients) searches; it does not submit the whole form.
document.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && event.target.hasAttribute && event.target.hasAttribute("data-enter-searches")) {
    event.preventDefault();
  }
});

// A filter <select data-autosubmit> applies itself when changed.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.hasAttribute && target.hasAttribute("data-autosubmit") && target.form) target.form.requestSubmit();
});
