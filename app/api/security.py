"""Security headers on every response.

A strict Content-Security-Policy: scripts only from this origin (no inline script, no eval);
styles from this origin plus inline styles, which plotly.js needs (it inserts its own CSS rules
at run time); images also from data:/blob: URLs (plot PNG export). ``frame-ancestors`` is
``'self'`` everywhere except under ``/embed``, which takes RNNSCOPE_FRAME_ANCESTORS (default:
any site) so that course pages can frame it; no X-Frame-Options is sent, since CSP replaces it.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

BASE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'"
)
EMBED_PREFIXES = ("/embed",)


class SecurityHeaders:
    def __init__(self, app: ASGIApp, frame_ancestors: str = "*") -> None:
        self.app = app
        ancestors = (
            " ".join(a.strip() for a in frame_ancestors.replace(",", " ").split() if a.strip()) or "'none'"
        )
        self.embed_policy = f"{BASE_POLICY}; frame-ancestors {ancestors}".encode()
        self.page_policy = f"{BASE_POLICY}; frame-ancestors 'self'".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        embed = scope["path"].startswith(EMBED_PREFIXES)
        static = scope["path"].startswith("/static/")
        policy = self.embed_policy if embed else self.page_policy

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-frame-options"]
                headers += [
                    (b"content-security-policy", policy),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"strict-origin-when-cross-origin"),
                ]
                if static and not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-cache"))  # revalidate: modules never mix versions
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
