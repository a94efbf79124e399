"""A Python OAuth2 client that no one here wrote: requests-oauthlib's BackendApplicationClient
(the client-credentials grant) gets a token from the mock, and the OAuth2Session lists users.

usage: oauth2_requests_client.py TOKEN_URL USERS_URL KEY SECRET basic|body
  basic: fetch_token(client_id=, client_secret=), which requests-oauthlib sends as HTTP Basic
  body:  the same with include_client_id=True: client_id and client_secret in the form body
prints one JSON line: {"token_type": ..., "expires_in": ..., "status": ..., "users": [...]}
"""
import json
import os
import sys

# oauthlib refuses http:// token URLs; the mock is a local test server without TLS.
os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"

from oauthlib.oauth2 import BackendApplicationClient  # noqa: E402
from requests_oauthlib import OAuth2Session  # noqa: E402


def main():
    token_url, users_url, key, secret, placement = sys.argv[1:]
    session = OAuth2Session(client=BackendApplicationClient(client_id=key))
    token = session.fetch_token(
        token_url=token_url,
        client_id=key,
        client_secret=secret,
        include_client_id=placement == "body",
    )
    response = session.get(users_url)
    print(
        json.dumps(
            {
                "token_type": token.get("token_type"),
                "expires_in": token.get("expires_in"),
                "status": response.status_code,
                "users": response.json(),
            }
        )
    )


if __name__ == "__main__":
    main()
