// While the OCR worker reads the clerk's scan, ask how it goes; once it has finished (read or
// failed), reload the form so the server fills the fields it read (marked "Từ bản quét").
(function () {
  var status = document.querySelector("[data-scan-status]");
  if (!status) return;
  var label = status.querySelector("[data-scan-label]");
  var url = status.getAttribute("data-scan-status");
  function ask() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (reading) {
        if (reading && (reading.state === "done" || reading.state === "failed")) {
          window.location.reload();
          return;
        }
        if (reading && label) label.textContent = reading.label;
        window.setTimeout(ask, 1500);
      })
      .catch(function () { window.setTimeout(ask, 3000); });
  }
  window.setTimeout(ask, 1000);
})();
