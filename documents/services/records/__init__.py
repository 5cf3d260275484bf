"""Services of records management (hồ sơ and lưu trữ, NĐ30 chương IV): the catalogue, work files,
submission to the archive, long-term proof of signatures, disposal, and export packages."""
