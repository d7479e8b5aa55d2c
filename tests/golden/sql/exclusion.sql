SELECT eventName, sourceIPAddress
FROM aws_cloudtrail
WHERE eventSource = 'iam.amazonaws.com'
  AND eventName IN ('CreateAccessKey', 'CreateUser')
  AND userAgent NOT LIKE '%terraform%'
