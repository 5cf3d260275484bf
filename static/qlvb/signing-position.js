// The signing page: the leader taps (or clicks) a page of the document to choose where their
// signature goes, when the PDF does not hold their title and name. The point is written into the
// signing form's hidden fields as fractions of the page (from its top left) with the page number;
// the server turns it into a box on that page. Without this script the form still offers a page
// number and preset positions.
(function () {
  "use strict";
  // The signature box the server draws, as a share of an A4 page (50 mm × 25 mm of 210 × 297 mm).
  var BOX_WIDTH = 50 / 210, BOX_HEIGHT = 25 / 297;

  function form() { return document.querySelector("[data-position-form]"); }

  function field(selector) {
    var f = form();
    return f ? f.querySelector(selector) : null;
  }

  function marker(image) {
    var holder = image.parentElement;
    var mark = holder.querySelector(".sign-marker");
    if (!mark) {
      mark = document.createElement("span");
      mark.className = "sign-marker";
      mark.setAttribute("aria-hidden", "true");
      holder.appendChild(mark);
    }
    return mark;
  }

  function show(image, fx, fy) {
    var mark = marker(image);
    var width = image.clientWidth, height = image.clientHeight;
    // Style through the CSSOM (allowed by the Content-Security-Policy, unlike style attributes).
    mark.style.width = Math.round(width * BOX_WIDTH) + "px";
    mark.style.height = Math.round(height * BOX_HEIGHT) + "px";
    mark.style.left = Math.round(image.offsetLeft + fx * width) + "px";
    mark.style.top = Math.round(image.offsetTop + fy * height) + "px";
  }

  document.addEventListener("click", function (event) {
    var image = event.target.closest && event.target.closest("[data-position-pages] img[data-page]");
    if (!image || !form()) return;
    var box = image.getBoundingClientRect();
    if (!box.width || !box.height) return;
    var fx = Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1);
    var fy = Math.min(Math.max((event.clientY - box.top) / box.height, 0), 1);
    field("[data-position-x]").value = fx.toFixed(4);
    field("[data-position-y]").value = fy.toFixed(4);
    field("[data-position-page]").value = image.getAttribute("data-page");
    field("select[name=position]").value = "diem";
    show(image, fx, fy);
    var status = field("[data-position-status]");
    status.textContent = "Đã chọn vị trí đặt chữ ký trên trang " + image.getAttribute("data-page") +
      ". Chạm chỗ khác để chọn lại.";
    status.classList.remove("d-none");
  });
})();
