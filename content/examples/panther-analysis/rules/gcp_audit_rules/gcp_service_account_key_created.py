from panther_base_helpers import deep_get

KEY_METHODS = {
    "google.iam.admin.v1.CreateServiceAccountKey": "user-managed",
    "google.iam.admin.v1.UploadServiceAccountKey": "uploaded",
}


def rule(event):
    method = deep_get(event, "protoPayload", "methodName", default="")
    if method not in KEY_METHODS:
        return False
    status = event.get("protoPayload", {}).get("status", {})
    if status.get("code"):
        return False
    caller = deep_get(event, "protoPayload", "authenticationInfo", "principalEmail", default="")
    if caller.endswith(".gserviceaccount.com"):
        # The deployment pipeline rotates keys; other service accounts should not create them.
        return not caller.startswith("terraform@")
    elif caller.endswith("@example.com"):
        return True
    else:
        return event.get("severity") in ["NOTICE", "WARNING"]


def alert_context(event):
    return {
        "caller": deep_get(event, "protoPayload", "authenticationInfo", "principalEmail"),
        "serviceAccount": deep_get(event, "resource", "labels", "email_id"),
        "method": deep_get(event, "protoPayload", "methodName"),
    }
