from panther_base_helpers import deep_get


def policy(resource):
    if resource.get("Versioning") != "Enabled":
        return False
    return deep_get(resource, "PublicAccessBlockConfiguration", "BlockPublicAcls") is True
