"""Text passed from the add-in's VBA to Python as hex UTF-16 code units.

RunPython runs the command through ``cmd.exe /C python -c "..."`` on Windows and a shell
string on Mac, so quotes, ``%``, ``^``, ``&`` or backslashes in a file path or a template id
would be mangled. The VBA side (``HexUnits`` in ``vba/RibbonImportMapper.bas``) therefore
writes each UTF-16 code unit as four hex digits, most significant first: ``"C:"`` becomes
``"0043003A"``; a character outside the BMP arrives as its surrogate pair.
"""

from __future__ import annotations

import re

__all__ = ["decode_arg", "encode_arg"]

_HEX_UNITS = re.compile(r"(?:[0-9A-Fa-f]{4})*")


def decode_arg(hex_units: str) -> str:
    """The text a VBA ``HexUnits`` call encoded; ValueError if it is not such an encoding."""
    if not isinstance(hex_units, str) or _HEX_UNITS.fullmatch(hex_units) is None:
        raise ValueError(f"not a hex UTF-16 argument (4 hex digits per unit): {hex_units!r:.80}")
    try:
        # Each group is one unit written big-end first, hence UTF-16-BE for the bytes.
        return bytes.fromhex(hex_units).decode("utf-16-be")
    except UnicodeDecodeError as exc:  # a lone surrogate is not text
        raise ValueError(f"hex UTF-16 argument has an unpaired surrogate: {exc.reason}") from exc


def encode_arg(text: str) -> str:
    """What VBA's ``HexUnits`` gives for ``text``: the same encoding, done in Python.

    The build uses it for the dropdown's item ids, so VBA and Python agree on one form.
    """
    return text.encode("utf-16-be", "surrogatepass").hex().upper()
