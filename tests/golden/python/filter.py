def rule(event):
    if event.get("eventName") not in ("CreateUser", "CreateAccessKey"):
        return False
    return event.get("userAgent", "").startswith("aws-cli")
