SELECT sourceIPAddress, COUNT(*) AS attempts
FROM aws_cloudtrail
WHERE eventName = 'ConsoleLogin' AND errorMessage IS NOT NULL
GROUP BY sourceIPAddress
HAVING COUNT(*) > 10
