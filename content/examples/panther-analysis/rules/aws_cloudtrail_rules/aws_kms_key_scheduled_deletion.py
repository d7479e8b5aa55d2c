from panther_cloud_helpers import called_by_service, cloud_rule_context, cloudtrail_success

# Calls that make a customer managed key unusable, now or after its waiting period.
KEY_DESTRUCTION_CALLS = {
    "ScheduleKeyDeletion",
    "DisableKey",
    "DeleteImportedKeyMaterial",
}


def rule(event):
    if not cloudtrail_success(event):
        return False
    # Key rotation tooling runs as an AWS service; people do not.
    if called_by_service(event):
        return False
    return event.get("eventSource") == "kms.amazonaws.com" and (
        event.get("eventName") in KEY_DESTRUCTION_CALLS
    )


def title(event):
    key = event.deep_get("requestParameters", "keyId", default="<UNKNOWN_KEY>")
    return f"KMS key [{key}] made unusable by [{event.udm('actor_user')}]"


def dedup(event):
    return event.deep_get("requestParameters", "keyId", default="<UNKNOWN_KEY>")


def alert_context(event):
    context = cloud_rule_context(event)
    context["keyId"] = event.deep_get("requestParameters", "keyId")
    context["pendingWindowInDays"] = event.deep_get("requestParameters", "pendingWindowInDays")
    return context
