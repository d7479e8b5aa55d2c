ADMIN_ROLE_EVENTS = ("user.account.privilege.grant", "group.privilege.grant")

# Fill in trusted automation accounts that assign roles on purpose.
ALLOW_LIST = []


def rule(event):
    if event.get("eventType") not in ADMIN_ROLE_EVENTS:
        return False
    if event.deep_get("outcome", "result") != "SUCCESS":
        return False
    for allowed in ALLOW_LIST:
        if event.udm("actor_user") == allowed:
            return False
    role = event.deep_get("debugContext", "debugData", "privilegeGranted", default="").lower()
    return "admin" in role or role.startswith("super")


def title(event):
    return f"Okta admin role granted by [{event.udm('actor_user')}] from [{event.udm('source_ip')}]"


def alert_context(event):
    return {
        "actor": event.udm("actor_user"),
        "role": event.deep_get("debugContext", "debugData", "privilegeGranted"),
        "target": event.get("target", []),
    }
