"""The HTML screens of documents, server-rendered in Vietnamese. `incoming/` (văn bản đến: the
list, the detail page, the clerk's and the handlers' actions), `outgoing/` (văn bản đi), and one
module each for the registers, search and "Việc của tôi". Views stay thin: forms check input,
services act, selectors read."""
