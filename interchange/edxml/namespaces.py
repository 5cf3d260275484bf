"""Namespace URIs and the prefix the official builder uses."""

EDXML_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
EDXML_PREFIX = "edXML"
XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
XLINK_NS = "http://www.w3.org/1999/xlink"
