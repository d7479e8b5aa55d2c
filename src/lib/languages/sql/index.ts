/** SQL (Snowflake dialect first) → the condition model: WHERE → filter trees, GROUP BY/HAVING → correlation. */
export { extractSql, type SqlExtraction, type SqlOptions } from './extract.ts';
export { parseSql, DIALECTS, type ParsedSql } from './parse.ts';
export { likeLeaf } from './where.ts';
