// Keyboard entry: in a form marked data-enter-submits, Enter in a textarea saves the form
// (Shift+Enter adds a line). Enter while an input method is composing a Vietnamese word does not.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
  var target = event.target;
  if (target.tagName === "TEXTAREA" && target.form && target.form.hasAttribute("data-enter-submits")) {
    event.preventDefault();
    target.form.requestSubmit();
  }
});
