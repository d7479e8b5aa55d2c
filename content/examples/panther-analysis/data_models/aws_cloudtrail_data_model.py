from panther_base_helpers import deep_get


def get_actor_user(event):
    """The human behind the call: the role session's issuer for assumed roles, else the user name."""
    if deep_get(event, "userIdentity", "type") == "AssumedRole":
        return deep_get(event, "userIdentity", "sessionContext", "sessionIssuer", "userName")
    return deep_get(event, "userIdentity", "userName")
