// The draft form's paper choices follow the type and the secrecy chosen: for a type on the
// organization's e-only catalogue (the form's data-electronic-only-types) and a document that is
// not secret, a recipient gets no plain "paper" choice, only "send paper anyway" with a reason.
// The variant not shown is disabled, so it is not posted. The server applies the same rule.
(function () {
  var form = document.querySelector("form[data-electronic-only-types]");
  if (!form) return;
  var types = form.getAttribute("data-electronic-only-types").split(",").filter(Boolean);

  function electronicOnly() {
    var type = form.querySelector("[name=document_type]");
    var secrecy = form.querySelector("[name=secrecy]");
    return !!type && types.indexOf(type.value) >= 0 && (!secrecy || secrecy.value === "0");
  }

  function show(part, on) {
    if (!part) return;
    part.hidden = !on;
    part.querySelectorAll("input").forEach(function (input) { input.disabled = !on; });
  }

  function apply() {
    var eonly = electronicOnly();
    form.querySelectorAll("[data-paper-choice]").forEach(function (choice) {
      show(choice.querySelector("[data-paper-plain]"), !eonly);
      show(choice.querySelector("[data-paper-anyway]"), eonly);
    });
  }

  form.addEventListener("change", function (event) {
    var name = event.target.getAttribute("name");
    if (name === "document_type" || name === "secrecy") apply();
  });
})();
