import json

from panther_base_helpers import deep_get

PUBLIC_GRANTEES = [
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
]

PUBLIC_ACLS = ("public-read", "public-read-write", "authenticated-read")


def rule(event):
    if event.get("eventSource") != "s3.amazonaws.com" or event.get("errorCode"):
        return False

    if event.get("eventName") == "PutBucketAcl":
        acl = deep_get(event, "requestParameters", "x-amz-acl", default="").lower()
        if acl.startswith(PUBLIC_ACLS):
            return True
        grant = event.get("requestParameters", {}).get("AccessControlPolicy", {}).get("Grant", "")
        return any(grantee in str(grant) for grantee in PUBLIC_GRANTEES)

    if event.get("eventName") == "PutBucketPolicy":
        policy = json.loads(deep_get(event, "requestParameters", "bucketPolicy", default="{}"))
        return '"Principal": "*"' in json.dumps(policy)

    return False


def title(event):
    bucket = deep_get(event, "requestParameters", "bucketName", default="<UNKNOWN_BUCKET>")
    return f"S3 bucket [{bucket}] made public by [{event.udm('actor_user')}]"


def alert_context(event):
    return {
        "bucketName": deep_get(event, "requestParameters", "bucketName"),
        "eventName": event.get("eventName"),
        "sourceIp": event.udm("source_ip"),
    }
