"""A REQUEST authorizer for the orders API that falls into the caching trap.

It allows exactly event["methodArn"], the method the request that invoked
it is calling. That looks right and works while testing one route, but API
Gateway caches the whole answer under the identity (the Authorization
header here) and reuses it for every other route and verb of the stage for
the TTL: the cached policy names only the first method, so the next,
different request is denied with a 403 without the authorizer running
(KC-CACHE). python.iamgate.yaml shows the trap and the remedy of
turning caching off; node/authorizer.mjs shows the other remedy, a policy
for the whole stage. Keys in parentheses, such as (KC-CACHE), cite the pages
listed in iamgate's docs/references.md.

Sessions are looked up in a small in-file table: this is a demo, not a
session store.
"""

# DEMO_SESSIONS maps each demo session token to its caller.
DEMO_SESSIONS = {
    "sess-4b1e9d": {"user": "dana", "tenant": "acme"},
    "sess-c07a52": {"user": "eli", "tenant": "globex"},
}


def handler(event, context):
    caller = DEMO_SESSIONS.get(_bearer_token(event.get("headers")))
    if caller is None:
        # Exactly "Unauthorized": API Gateway answers 401 only to this
        # message; any other error is a 500 (LA-USE).
        raise Exception("Unauthorized")

    return {
        "principalId": caller["user"],
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "execute-api:Invoke",
                    # The trap: this request's method only, while the
                    # answer is cached for every method of the stage.
                    "Resource": event["methodArn"],
                }
            ],
        },
        # Context values must be strings, numbers or booleans (LA-OUTPUT).
        "context": {"user": caller["user"], "tenant": caller["tenant"]},
    }


def _bearer_token(headers):
    """Return the token of an "Authorization: Bearer TOKEN" header, or None.

    Header names are matched whatever their case: clients send them as
    they like and API Gateway passes them on as sent.
    """
    for name, value in (headers or {}).items():
        if name.lower() == "authorization":
            scheme, _, token = (value or "").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    return None
