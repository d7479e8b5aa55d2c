from panther_base_helpers import deep_get


def rule(event):
    return deep_get(event, "detail", "eventName") == "StopLogging"
