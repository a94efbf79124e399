"""A stdlib-only Python OAuth 1.0a client (HMAC-SHA1), written from RFC 5849, sharing no code
with the mock. It can also make the usual mistakes on purpose.

usage: oauth1_client.py URL KEY SECRET header|query [unsorted] [base64url]
prints one JSON line: {"status": ..., "body": "..."}
"""
import base64
import hashlib
import hmac
import json
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


def enc(value):
    return urllib.parse.quote(value, safe="~")


def main():
    url, key, secret, placement, *mistakes = sys.argv[1:]
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    oauth = [
        ("oauth_consumer_key", key),
        ("oauth_nonce", secrets.token_hex(16)),
        ("oauth_signature_method", "HMAC-SHA1"),
        ("oauth_timestamp", str(int(time.time()))),
        ("oauth_version", "1.0"),
    ]
    pairs = [(enc(k), enc(v)) for k, v in query + oauth]
    if "unsorted" not in mistakes:
        pairs.sort()
    base_uri = f"{parts.scheme}://{parts.netloc.lower()}{parts.path}"
    base_string = "&".join(
        ["GET", enc(base_uri), enc("&".join(f"{k}={v}" for k, v in pairs))]
    )
    digest = hmac.new(f"{enc(secret)}&".encode(), base_string.encode(), hashlib.sha1).digest()
    if "base64url" in mistakes:
        # unpadded, as JWT-style helpers do (padded base64url of a digest without + or /
        # would be plain base64, so the mistake would not show)
        signature = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    else:
        signature = base64.b64encode(digest).decode()
    sent = oauth + [("oauth_signature", signature)]
    headers = {}
    if placement == "query":
        extra = "&".join(f"{enc(k)}={enc(v)}" for k, v in sent)
        url = f"{url}{'&' if parts.query else '?'}{extra}"
    else:
        headers["Authorization"] = "OAuth " + ", ".join(f'{k}="{enc(v)}"' for k, v in sent)
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as res:
            status, body = res.status, res.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    print(json.dumps({"status": status, "body": body.decode("utf-8-sig")}))


main()
