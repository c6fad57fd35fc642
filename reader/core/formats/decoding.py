"""Decoding a saved file's bytes into text, the way a browser would, but forgiving damage.

In order: a byte-order mark (UTF-8, UTF-16); UTF-8, also when a few bytes are bad (a stray
byte, a file cut mid-character: those become U+FFFD, the rest stays UTF-8); a charset the
page declares (``<meta charset>``, ``http-equiv`` content type, ``<?xml encoding?>``), read
by the WHATWG Encoding Standard's labels (``gb2312`` is GB18030, ``iso-8859-1`` is
windows-1252; labels browsers do not know, such as ``utf-7``, are ignored); else Firefox's
detector (chardetng), except that a mostly-ASCII text whose few non-ASCII bytes stand alone
stays windows-1252 unless the detector's choice differs from it on at least three of them.

A file that is valid UTF-8 is always read as UTF-8, whatever it declares: browsers saving a
page re-encode it without fixing its ``<meta>``. Control characters that no reader should see
are replaced last (see ``_CONTROLS``), so none reaches the reader as U+FFFD. Plain UTF-8,
nearly every file, costs a strict decode and three byte scans (9 us for a 5 KB news file,
0.26 ms for a 270 KB page, about 3x ``bytes.decode`` alone): no detector runs on it.
"""

from __future__ import annotations

import codecs
import re
from encodings import cp1252

from reader.core.model import InputError

# WHATWG Encoding Standard labels (https://encoding.spec.whatwg.org/#names-and-labels), as
# "python codec: labels". ``None`` marks the "replacement" encodings: treated as undeclared.
# utf-16 and x-user-defined are what a <meta> prescan turns them into (utf-8, windows-1252).
_LABELS = """
utf-8: unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8
    utf-16be unicodefffe csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le
cp866: 866 cp866 csibm866 ibm866
iso8859_2: csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2
    latin2
iso8859_3: csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3
    latin3
iso8859_4: csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4
    latin4
iso8859_5: csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5
    iso_8859-5:1988
iso8859_6: arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6
    iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987
iso8859_7: csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7
    iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek
iso8859_8: csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8
    iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical
iso8859_10: csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6
iso8859_13: iso-8859-13 iso8859-13 iso885913
iso8859_14: iso-8859-14 iso8859-14 iso885914
iso8859_15: csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9
iso8859_16: iso-8859-16
koi8_r: cskoi8r koi koi8 koi8-r koi8_r
koi8_u: koi8-ru koi8-u
mac_roman: csmacintosh mac macintosh x-mac-roman
mac_cyrillic: x-mac-cyrillic x-mac-ukrainian
cp874: dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874
cp1250: cp1250 windows-1250 x-cp1250
cp1251: cp1251 windows-1251 x-cp1251
cp1252: ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1
    iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252 x-user-defined
cp1253: cp1253 windows-1253 x-cp1253
cp1254: cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989
    l5 latin5 windows-1254 x-cp1254
cp1255: cp1255 windows-1255 x-cp1255
cp1256: cp1256 windows-1256 x-cp1256
cp1257: cp1257 windows-1257 x-cp1257
cp1258: cp1258 windows-1258 x-cp1258
gb18030: chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030
big5hkscs: big5 big5-hkscs cn-big5 csbig5 x-x-big5
euc_jp: cseucpkdfmtjapanese euc-jp x-euc-jp
iso2022_jp_ext: csiso2022jp iso-2022-jp
cp932: csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis
cp949: cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601
    ksc_5601 windows-949
None: csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement
"""
_CODEC: dict[str, str | None] = {
    label: None if codec == "None" else codec
    for codec, labels in (
        line.split(": ", 1) for line in re.sub(r"\n\s+", " ", _LABELS).strip().splitlines()
    )
    for label in labels.split()
}

# windows-1252 as browsers decode it: the five bytes Python leaves undefined are C1 controls.
_WINDOWS_1252 = "".join(chr(i) if c == "\ufffe" else c for i, c in enumerate(cp1252.decoding_table))

# What no reader should see, and what it becomes: form feed and vertical tab end a line, the
# other C0 controls and DEL are a space (never deleted: "java\x01script:" must not join up),
# and C1 controls, in UTF-8 text nearly always windows-1252 bytes decoded as Latin-1 on the
# way, are the windows-1252 characters they stood for (U+0092 is a right single quotation
# mark; the five windows-1252 leaves undefined are spaces). Tab, LF and CR stay.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_TABLE = {i: " " for i in [*range(0x09), *range(0x0E, 0x20), 0x7F]}
_CONTROL_TABLE |= {0x0B: "\n", 0x0C: "\n"}
_CONTROL_TABLE |= {
    i: " " if _WINDOWS_1252[i] == chr(i) else _WINDOWS_1252[i] for i in range(0x80, 0xA0)
}

# The same, found in UTF-8 bytes without a regex over the text (5x faster on a 270 KB page):
# C0 controls and DEL are marked by a translation, C1 ones are \xc2 followed by 80-9F.
_C0_MARKED = bytes(0 if i < 0x80 and i in _CONTROL_TABLE else 1 for i in range(256))
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")

_HIGH_BYTES = bytes(range(0x80, 0x100))
_FIRST_HIGH = re.compile(rb"[\x80-\xff]")
_DETECTOR_WINDOW = 32768  # bytes from the first non-ASCII one: chardetng takes ~0.1 ms per KB
_HIGH_PAIR = re.compile(rb"[\x80-\xff]{2}")
_HEAD_END = re.compile(rb"<body[\s>]", re.IGNORECASE)
_META = re.compile(rb"<meta[\s/][^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""([^\s"'=/>]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
_CONTENT_CHARSET = re.compile(rb"""charset\s*=\s*("[^"]*"|'[^']*'|[^\s;"']+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_ISO_2022_JP = re.compile(rb"\x1b(\$[@B]|\(I)")  # switches to JIS X 0208 or katakana
_NOT_SPACE_BYTE = re.compile(rb"\S")  # found at once in a file that is not empty: no copy
_NOT_SPACE = re.compile(r"\S")
_BINARY_CONTROLS = bytes([*range(0x01, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])


def decode(data: bytes) -> str:
    """The text of a saved file's bytes, or an InputError for an empty or binary file."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _finished(data.decode("utf-16", errors="replace"))
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8) :]
    if not _NOT_SPACE_BYTE.search(data):
        raise InputError("the file is empty")
    if _looks_binary(data):
        raise InputError("it is binary data, not a text or HTML file")
    text = data.decode("utf-8", errors="replace") if bom else _utf8(data)
    if text is not None:
        return _finished(text, controls=b"\x00" in data.translate(_C0_MARKED) or _has_c1(data))
    text = _declared(data)
    return _finished(text if text is not None else _detected(data))


def _utf8(data: bytes) -> str | None:
    """UTF-8 text, with U+FFFD for bad bytes when they are few beside good UTF-8; None if not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace") if _mostly_utf8(data) else None
    if b"\x1b" in data and _ISO_2022_JP.search(data) and data.isascii():  # 7-bit: valid UTF-8
        try:
            return data.decode("iso2022_jp_ext")  # _ext: WHATWG's has katakana (ESC ( I) too
        except UnicodeDecodeError:
            pass
    return text


def _mostly_utf8(data: bytes) -> bool:
    """Whether bytes that are not valid UTF-8 are still better read as UTF-8.

    Bytes of valid multi-byte sequences are counted against bytes that fit none; an incomplete
    sequence at the very end (a file cut mid-character) is not counted as bad. Text in a
    legacy encoding has fewer good bytes than bad (measured on real sentences in GBK, Big5,
    Shift_JIS, EUC-JP, EUC-KR, windows-125x, KOI8-R, ...: at most 0.44 per bad byte over a
    paragraph, under 1.8 over any 64 bytes); damaged UTF-8 has many more."""
    cut = _incomplete_tail(data)
    body = data[: len(data) - cut]
    high = len(body) - len(body.translate(None, _HIGH_BYTES))
    bad = len(body) - len(body.decode("utf-8", "surrogateescape").encode("utf-8", "ignore"))
    good = high - bad
    return good > 0 and good >= 2 * bad


def _incomplete_tail(data: bytes) -> int:
    """How many bytes at the end start a UTF-8 sequence that the file ends before finishing."""
    for back in range(1, min(3, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80 or byte >= 0xF8:
            return 0
        if byte >= 0xC0:  # a lead byte: 2, 3 or 4 bytes long
            length = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return back if back < length else 0
    return 0


def _declared(data: bytes) -> str | None:
    """The text in the charset the file declares, if it declares one and its bytes fit it."""
    codec = _declared_codec(data)
    if codec is None or codec == "utf-8":  # declared UTF-8 but not UTF-8: detect instead
        return None
    try:
        return _decoded(data, codec, "strict")
    except UnicodeDecodeError:
        return None  # the declaration is wrong; the detector decides


def _declared_codec(data: bytes) -> str | None:
    m = _XML_ENCODING.match(data)
    if m:
        return _CODEC.get(m.group(1).decode("ascii").lower())
    end = _HEAD_END.search(data, 0, 65536)
    for meta in _META.finditer(data, 0, end.start() if end else 32768):
        attributes = {
            name.lower(): value.strip(b"\"'") for name, value in _ATTRIBUTE.findall(meta[0][5:])
        }
        label = attributes.get(b"charset")
        if label is None and attributes.get(b"http-equiv", b"").lower() == b"content-type":
            found = _CONTENT_CHARSET.search(attributes.get(b"content", b""))
            label = found.group(1).strip(b"\"'") if found else None
        if label:  # the first <meta> that names one decides, as in a browser's prescan
            return _CODEC.get(label.strip().decode("ascii", "replace").lower())
    return None


def _detected(data: bytes) -> str:
    """The text in the encoding chardetng (Firefox's detector) guesses, within reason."""
    from chardetng_py import EncodingDetector  # legacy only

    detector = EncodingDetector()
    first = _FIRST_HIGH.search(data)
    position = first.start() if first else 0
    end = min(len(data), position + _DETECTOR_WINDOW)
    seen = 0  # non-ASCII bytes fed: 2,048 are evidence enough (~1,000 CJK characters)
    while position < end and seen < 2048:
        chunk = data[position : min(position + 4096, end)]
        seen += len(chunk) - len(chunk.translate(None, _HIGH_BYTES))
        position += len(chunk)
        detector.feed(chunk, last=position == len(data))
    name = detector.guess(tld=None, allow_utf8=False).lower()  # a WHATWG name; windows-874
    codec = _CODEC.get(name) or ("cp874" if name == "cp874" else "cp1252")  # is "cp874" there
    if codec != "cp1252" and not _HIGH_PAIR.search(data):
        # Only lone non-ASCII bytes between ASCII ones: Latin letters in mostly-ASCII text
        # (every other script puts them side by side). On a few, a guess other than
        # windows-1252 is noise ("naïve" came out ISO-8859-4): it needs three bytes of evidence.
        plain = _decoded(data, "cp1252", "replace")
        guessed = _decoded(data, codec, "replace")
        differing = (
            sum(a != b for a, b in zip(plain, guessed, strict=True))
            if len(plain) == len(guessed)
            else len(data) - len(data.translate(None, _HIGH_BYTES))
        )
        if differing < 3:
            codec = "cp1252"
    return _decoded(data, codec, "replace")


def _decoded(data: bytes, codec: str, errors: str) -> str:
    if codec == "cp1252":
        return codecs.charmap_decode(data, errors, _WINDOWS_1252)[0]
    return data.decode(codec, errors)


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    return len(sample) - len(sample.translate(None, _BINARY_CONTROLS)) > len(sample) // 100


def _has_c1(utf8: bytes) -> bool:
    return b"\xc2" in utf8 and _C1_UTF8.search(utf8) is not None


def _finished(text: str, controls: bool | None = None) -> str:
    """``text`` with its controls replaced (``controls``: whether it may have any, if known)."""
    if controls is None:
        controls = _CONTROLS.search(text) is not None
    if controls:
        text = text.translate(_CONTROL_TABLE)
    if not _NOT_SPACE.search(text):
        raise InputError("the file is empty")
    return text
