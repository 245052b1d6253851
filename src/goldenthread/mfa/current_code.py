"""Print the 6-digit code an authenticator app shows now for a key (base32, as the
set-up page and `goldenthread demo` print it), for trying the demo without a phone:

    python -m goldenthread.mfa.current_code "ABCD EFGH ..."

Anyone who has a key can compute its codes; this computes nothing more."""

from __future__ import annotations

import sys
from base64 import b32decode

from django_otp.oath import totp


def current_code(key: str) -> str:
    secret = b32decode(key.replace(" ", "").upper())
    return f"{totp(secret):06d}"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    print(current_code(argv[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
