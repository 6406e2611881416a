"""One GET with a short timeout (stdlib urllib); every failure names the source it tried."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlsplit

from .errors import FetchError

USER_AGENT = "uschina-update/1 (+https://github.com; research data refresh)"
DEFAULT_TIMEOUT = 10.0


def get(url: str, source: str, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The body of ``url`` as text; FetchError naming ``source`` and the host otherwise."""
    host = urlsplit(url).netloc
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
            charset = resp.headers.get_content_charset() or "utf-8"
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{source} ({host}) answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            reason = f"no answer within {timeout:g} s"
        raise FetchError(f"cannot reach {source} ({host}): {reason}") from None
    except TimeoutError:
        raise FetchError(f"cannot reach {source} ({host}): no answer within {timeout:g} s") \
            from None
    except (ConnectionError, OSError) as exc:
        raise FetchError(f"cannot reach {source} ({host}): {exc}") from None
    try:
        return body.decode(charset)
    except (UnicodeDecodeError, LookupError):
        raise FetchError(f"{source} ({host}) answered with bytes that are not {charset} text") \
            from None
