ALLOWED = {"ci-bot", "terraform"}


def rule(event):
    return event.get("action") == "user.login" and event.get("actor") not in ALLOWED


def alert_context(event):
    return {"actor": event.get("actor"), "ip": event.get("ip")}
