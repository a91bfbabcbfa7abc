package io.arbalest.executor.expr;

import io.arbalest.planner.error.QueryExecutionException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Spark's string and hashing functions, row by row. Lengths and positions count characters
 * (code points), as Spark's do; a count that is zero or negative gives the empty string.
 */
final class TextFunctions {
    /** The longest string a function builds (repeat, space): Arrow's limit for one value. */
    private static final long MAX_LENGTH = Integer.MAX_VALUE;

    private TextFunctions() {
    }

    /** left(s, n): the first n characters. */
    static Object left(String text, long count) {
        int length = text.codePointCount(0, text.length());
        return count <= 0 ? "" : count >= length ? text : text.substring(0, text.offsetByCodePoints(0, (int) count));
    }

    /** right(s, n): the last n characters. */
    static Object right(String text, long count) {
        int length = text.codePointCount(0, text.length());
        return count <= 0 ? "" : count >= length ? text : text.substring(text.offsetByCodePoints(0, length - (int) count));
    }

    /** repeat(s, n). */
    static Object repeat(String text, long times) {
        if (times <= 0 || text.isEmpty()) {
            return "";
        }
        if (times * text.length() > MAX_LENGTH) {
            throw new QueryExecutionException("repeat of a string of " + text.length() + " characters " + times
                    + " times is longer than a value can be (2^31 - 1 bytes).");
        }
        return text.repeat((int) times);
    }

    /** reverse(s), character by character. */
    static Object reverse(String text) {
        return new StringBuilder(text).reverse().toString(); // keeps surrogate pairs in order
    }

    /** replace(s, search, replacement): every occurrence; an empty search changes nothing. */
    static Object replace(String text, String search, String replacement) {
        return search.isEmpty() ? text : text.replace(search, replacement);
    }

    /**
     * translate(s, from, to): each character of s found in from becomes the character at the same
     * place in to, or is removed when to is shorter; the first place of a repeated character counts.
     */
    static Object translate(String text, String from, String to) {
        int[] sources = from.codePoints().toArray();
        int[] targets = to.codePoints().toArray();
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int at = -1;
            for (int i = 0; i < sources.length && at < 0; i++) {
                at = sources[i] == c ? i : -1;
            }
            if (at < 0) {
                out.appendCodePoint(c);
            } else if (at < targets.length) {
                out.appendCodePoint(targets[at]);
            }
        });
        return out.toString();
    }

    /** ascii(s): the code of the first character, 0 for the empty string. */
    static Object ascii(String text) {
        return text.isEmpty() ? 0L : (long) text.codePointAt(0);
    }

    /** space(n): n spaces. */
    static Object space(long count) {
        if (count > MAX_LENGTH) {
            throw new QueryExecutionException("space(" + count + ") is longer than a value can be (2^31 - 1 bytes).");
        }
        return count <= 0 ? "" : " ".repeat((int) count);
    }

    /** chr(n): the character n modulo 256, the empty string for a negative n (as Spark). */
    static Object chr(long code) {
        return code < 0 ? "" : String.valueOf((char) (code & 0xFF));
    }

    /** locate(sub, s, start): the 1-based position of sub in s from start, 0 when absent or start < 1. */
    static Object locate(String needle, String haystack, long start) {
        int length = haystack.codePointCount(0, haystack.length());
        if (start < 1 || start > length + 1) {
            return 0L;
        }
        int from = haystack.offsetByCodePoints(0, (int) start - 1);
        int found = haystack.indexOf(needle, from);
        return found < 0 ? 0L : (long) haystack.codePointCount(0, found) + 1;
    }

    /**
     * md5, sha1 and sha2(s, bits) of one kernel: the digest of s's UTF-8 bytes in lower-case hex, with
     * one MessageDigest per algorithm for the kernel's rows (a kernel runs in one task's thread).
     */
    static final class Digests {
        private final java.util.Map<String, MessageDigest> digests = new java.util.HashMap<>();

        /** The hex digest; NULL when there is no algorithm (sha2 of other bits). */
        Object hex(String text, String algorithm) {
            if (algorithm == null) {
                return null;
            }
            MessageDigest digest = digests.computeIfAbsent(algorithm, name -> {
                try {
                    return MessageDigest.getInstance(name);
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(name + " is in every Java runtime", e);
                }
            });
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The digest sha2(s, bits) computes: SHA-224, SHA-256 (also for 0), SHA-384, SHA-512; else none. */
    static String sha2Algorithm(long bits) {
        return switch ((int) Math.min(Math.max(bits, -1), 1024)) {
            case 224 -> "SHA-224";
            case 0, 256 -> "SHA-256";
            case 384 -> "SHA-384";
            case 512 -> "SHA-512";
            default -> null;
        };
    }

    /** crc32(s) of the UTF-8 bytes. */
    static Object crc32(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
