"""CloudTrail helpers used by the example rules."""

SERVICE_PRINCIPAL_SUFFIXES = (".amazonaws.com",)


def cloudtrail_success(event):
    """A CloudTrail call succeeded when it carries neither an error code nor an error message."""
    if event.get("errorCode") or event.get("errorMessage"):
        return False
    return True


def called_by_service(event):
    invoked_by = event.deep_get("userIdentity", "invokedBy", default="")
    return invoked_by.endswith(SERVICE_PRINCIPAL_SUFFIXES)


def cloud_rule_context(event):
    return {
        "eventName": event.get("eventName", "<NO_EVENT_NAME>"),
        "eventSource": event.get("eventSource", "<NO_EVENT_SOURCE>"),
        "awsRegion": event.get("awsRegion", "<NO_REGION>"),
        "accountId": event.get("recipientAccountId", "<NO_ACCOUNT>"),
        "sourceIPAddress": event.get("sourceIPAddress", "<NO_SOURCE_IP>"),
        "userArn": event.deep_get("userIdentity", "arn", default="<NO_ARN>"),
        "runbook": "See the team wiki",
    }
