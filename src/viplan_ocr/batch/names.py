"""Names a batch writes: visible when the file system's bytes are not UTF-8, short enough to create.

Two kinds of input names broke a whole run before any of this existed:

- a name whose bytes are not UTF-8 (a folder copied from an old Windows machine, ``b\\xe1o-c\\xe1o.txt``
  in CP1258): Python reads it with ``surrogateescape``, and those lone surrogates cannot be written
  to a UTF-8 manifest or JSON file. :func:`visible` spells each such byte ``\\xNN``, so the name
  stays readable and the files stay valid UTF-8;
- a name near the file system's 255-byte limit (80 ``ễ`` are 240 bytes): the output adds
  ``.explain.txt`` and a temporary file adds more, and the write fails. :func:`shorten` cuts such
  a part and adds a hash of the whole, so two long names never meet, and keeps the extension.

The manifest's ``outputs`` say where each input's files went, so a shortened name is never lost.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath

#: Bytes in one file or folder name on Linux, macOS and Windows file systems.
NAME_MAX = 255
#: Lone surrogates: what ``surrogateescape`` turned undecodable bytes into, or worse.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Hex digits of the hash a shortened name carries.
_HASH_CHARS = 12
#: An extension longer than this is not one to keep (``.tar.gz`` is 7).
_MAX_SUFFIX_BYTES = 16


def _spell(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape's byte 0x80-0xFF
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with each byte that was not UTF-8 spelled ``\\xNN``, so it can be written as UTF-8.

    >>> visible("b\\udce1o-c\\udce1o.txt"), visible("kế-hoạch.txt")
    ('b\\\\xe1o-c\\\\xe1o.txt', 'kế-hoạch.txt')
    """
    return _SURROGATE.sub(_spell, text)


def visible_json(rendered: str) -> str:
    """JSON text whose strings may hold undecodable bytes, with them spelled as :func:`visible` does.

    A surrogate can only be inside a JSON string, where the backslash of ``\\xNN`` must itself be
    escaped; the result is valid JSON and valid UTF-8.

    >>> import json
    >>> json.loads(visible_json(json.dumps({"path": "b\\udce1o.pdf"}, ensure_ascii=False)))
    {'path': 'b\\\\xe1o.pdf'}
    """
    return _SURROGATE.sub(lambda match: _spell(match).replace("\\", "\\\\"), rendered)


def shorten(part: str, limit: int) -> str:
    """One file or folder name cut to ``limit`` UTF-8 bytes: a prefix, ``~``, a hash, the extension.

    >>> name = "ễ" * 80 + ".pdf"
    >>> short = shorten(name, 200)
    >>> len(short.encode()) <= 200, short.endswith(".pdf"), short == shorten(name, 200), shorten("a.pdf", 200)
    (True, True, True, 'a.pdf')
    """
    raw = part.encode("utf-8", "surrogatepass")
    if len(raw) <= limit:
        return part
    suffix = PurePosixPath(part).suffix
    if len(suffix.encode("utf-8", "surrogatepass")) > _MAX_SUFFIX_BYTES:
        suffix = ""
    digest = hashlib.sha256(raw).hexdigest()[:_HASH_CHARS]
    budget = limit - len(suffix.encode("utf-8", "surrogatepass")) - len(digest) - 1
    head = part[: len(part) - len(suffix)] if suffix else part
    cut = head.encode("utf-8", "surrogatepass")[: max(budget, 0)].decode("utf-8", "ignore")
    return f"{cut}~{digest}{suffix}"


def fit(relative: str, limit: int) -> str:
    """A relative POSIX path with its last part cut to ``limit`` bytes and its folders to :data:`NAME_MAX`.

    Folder parts need it too: an archive member's folders are only names inside the archive,
    with no file system to have refused them.
    """
    *folders, last = PurePosixPath(relative).parts
    return "/".join([*(shorten(part, NAME_MAX) for part in folders), shorten(last, limit)])


__all__ = ["NAME_MAX", "fit", "shorten", "visible", "visible_json"]
