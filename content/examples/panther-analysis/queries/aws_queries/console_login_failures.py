def rule(_):
    # Every row of the scheduled query is an account and region over the threshold.
    return True


def title(row):
    return f"{row.get('failures')} console sign-in failures in {row.get('accountid')} ({row.get('region')})"
