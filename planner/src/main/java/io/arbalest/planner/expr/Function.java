package io.arbalest.planner.expr;

/**
 * The scalar functions the engine implements. Argument conventions that are not obvious from
 * the name are on each constant.
 */
public enum Function {
    ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO, NEGATE,
    EQUAL, NOT_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL,
    /** Two arguments; true when they differ, treating two NULLs as equal. */
    IS_DISTINCT_FROM,
    IS_NOT_DISTINCT_FROM,
    AND, OR, NOT,
    IS_NULL, IS_NOT_NULL, IS_TRUE, IS_FALSE, IS_NOT_TRUE, IS_NOT_FALSE,
    /** when1, then1, when2, then2, ..., else: an odd number of arguments. */
    CASE,
    /** One argument, converted to the call's type. */
    CAST,
    /** value, then constant candidates (literals of the value's type). */
    IN,
    /** value, pattern literal (SQL LIKE with % and _), optional escape literal. */
    LIKE,
    /** A VARCHAR literal naming the field (YEAR, MONTH, ...), then a DATE or TIMESTAMP value. */
    EXTRACT,
    /** string, 1-based start, optional length. */
    SUBSTRING,
    /** Spark's and Hive's substr: as SUBSTRING, but a negative start counts from the end, and 0 means 1. */
    SUBSTR,
    UPPER, LOWER,
    /** A VARCHAR literal BOTH, LEADING or TRAILING, the characters to remove, then the string. */
    TRIM,
    CHAR_LENGTH,
    /** Two strings. */
    CONCAT,
    /** needle, haystack: the 1-based position of needle, 0 if absent. */
    POSITION,
    COALESCE,
    ABS,
    /** value, optional number of decimal places (literal). */
    ROUND,
    FLOOR, CEIL,
    /** DOUBLE base, DOUBLE exponent. */
    POWER,
    SQRT,
    /** DATE or TIMESTAMP plus an interval (day-time in milliseconds or year-month in months). */
    DATETIME_PLUS,
    /** DATE or TIMESTAMP minus an interval. */
    DATETIME_MINUS,
    /** DATE, BIGINT days: Spark's date_add (and date + n). */
    DATE_ADD_DAYS,
    /** DATE end, DATE start: the days from start to end, INT (Spark's datediff). */
    DATE_DIFF,
    /** Separator, then strings: joined with the separator, NULL strings skipped (Spark's concat_ws). */
    CONCAT_WS,
    /** Values of one type: the largest, NULLs skipped; NULL only when all are (Spark's greatest). */
    GREATEST,
    /** As GREATEST, the smallest. */
    LEAST,
    /** String, BIGINT length, pad string: padded on the left to length, or cut to it. */
    LPAD,
    /** As LPAD, padded on the right. */
    RPAD,
    /** String, Java regular expression, replacement ($1 for groups): every match replaced. */
    REGEXP_REPLACE,
    /** String, Java regular expression, BIGINT group: the group of the first match, '' when none. */
    REGEXP_EXTRACT,
    /** String, delimiter, BIGINT 1-based field: the field, '' when there are fewer. */
    SPLIT_PART,
    /** TIMESTAMP, pattern (Spark's datetime pattern: yyyy-MM-dd HH:mm:ss ...): the value as text. */
    DATE_FORMAT,
    /** String, Java regular expression: whether it matches anywhere in the string (Spark's rlike). */
    RLIKE,
    /** String: lower case, each space-separated word's first letter upper case (Spark's initcap). */
    INITCAP,
    /** A VARCHAR literal YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE or SECOND, then a TIMESTAMP: truncated to it. */
    DATE_TRUNC,
    /** DATE: the last day of its month. */
    LAST_DAY,
    /** TIMESTAMP: BIGINT whole seconds since 1970-01-01 00:00 UTC (Spark's unix_timestamp). */
    UNIX_SECONDS,
    /** BIGINT seconds since 1970-01-01 00:00 UTC: the TIMESTAMP. */
    FROM_UNIX_SECONDS,
    /** VARCHAR, pattern (as DATE_FORMAT's): the TIMESTAMP the text stands for; an error when it does not match. */
    TO_TIMESTAMP,
    /** DOUBLE functions of a DOUBLE; the logarithms are NULL for a value that is not positive (as Spark). */
    LN, LOG10, LOG2, EXP, CBRT, DEGREES, RADIANS, SIN, COS, TAN, ASIN, ACOS, ATAN, SIGN,
    /** DOUBLE base, DOUBLE value: the logarithm, NULL unless both are positive. */
    LOG,
    /** DOUBLE y, DOUBLE x. */
    ATAN2,
    /** String, BIGINT count: the first (LEFT) or last (RIGHT) count characters. */
    LEFT, RIGHT,
    /** String, BIGINT times. */
    REPEAT,
    REVERSE,
    /** String, search, replacement: every occurrence replaced. */
    REPLACE,
    /** String, from characters, to characters (Spark's translate). */
    TRANSLATE,
    /** String: INT code of its first character. */
    ASCII,
    /** BIGINT count: that many spaces. */
    SPACE,
    /** BIGINT code: the character code modulo 256 (Spark's chr). */
    CHR,
    /** Needle, haystack, BIGINT 1-based start: INT position of needle from start, 0 if absent. */
    LOCATE,
    /** String: lower-case hex digest of its UTF-8 bytes. */
    MD5, SHA1,
    /** String, BIGINT bits (224, 256, 384, 512; 0 is 256): the SHA-2 digest in hex, NULL for other bits. */
    SHA2,
    /** String: BIGINT CRC-32 of its UTF-8 bytes. */
    CRC32,
    /** BIGINT year, month, day: the DATE; an error when there is no such day. */
    MAKE_DATE,
    /** DATE, day-of-week name ('Mon', 'MO', 'Monday' ...): the first later date that is that day. */
    NEXT_DAY,
    /** TIMESTAMP end, TIMESTAMP start, BOOLEAN round to 8 digits: Spark's months_between, a DOUBLE. */
    MONTHS_BETWEEN
}
