"""Fixed catalogs: urgency (mức độ khẩn) and secrecy (độ mật) levels, directions."""

from django.db import models


class Urgency(models.IntegerChoices):
    """Values are the edXML OtherInfo/Priority codes."""

    NORMAL = 0, "Thường"
    URGENT = 1, "Khẩn"
    VERY_URGENT = 2, "Thượng khẩn"
    EXPRESS = 3, "Hỏa tốc"
    EXPRESS_TIMED = 4, "Hỏa tốc hẹn giờ"


class Secrecy(models.IntegerChoices):
    NONE = 0, "Không mật"
    CONFIDENTIAL = 1, "Mật"
    SECRET = 2, "Tối mật"
    TOP_SECRET = 3, "Tuyệt mật"


class Direction(models.TextChoices):
    INCOMING = "in", "Văn bản đến"
    OUTGOING = "out", "Văn bản đi"
