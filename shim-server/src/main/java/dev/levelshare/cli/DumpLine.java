package dev.levelshare.cli;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One entry of a dump: {@code {"key":"<base64>","value":"<base64>"}} on one line (JSON Lines). */
final class DumpLine {
    private static final String B64 = "\"([A-Za-z0-9+/]*={0,2})\"";
    private static final Pattern KEY_FIRST = Pattern.compile(
            "\\s*\\{\\s*\"key\"\\s*:\\s*" + B64 + "\\s*,\\s*\"value\"\\s*:\\s*" + B64 + "\\s*}\\s*");
    private static final Pattern VALUE_FIRST = Pattern.compile(
            "\\s*\\{\\s*\"value\"\\s*:\\s*" + B64 + "\\s*,\\s*\"key\"\\s*:\\s*" + B64 + "\\s*}\\s*");

    final byte[] key;
    final byte[] value;

    private DumpLine(byte[] key, byte[] value) {
        this.key = key;
        this.value = value;
    }

    static String format(byte[] key, byte[] value) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "{\"key\":\"" + b64.encodeToString(key) + "\",\"value\":\"" + b64.encodeToString(value) + "\"}";
    }

    /** The entry on {@code line}; a {@link UsageException} naming the line number if it is not one. */
    static DumpLine parse(String line, long lineNumber, String source) {
        Matcher m = KEY_FIRST.matcher(line);
        boolean keyFirst = m.matches();
        if (!keyFirst) {
            m = VALUE_FIRST.matcher(line);
            if (!m.matches()) {
                throw new UsageException(source + " line " + lineNumber + " is not a dump entry"
                        + " ({\"key\":\"<base64>\",\"value\":\"<base64>\"}): " + shorten(line));
            }
        }
        try {
            byte[] first = Base64.getDecoder().decode(m.group(1));
            byte[] second = Base64.getDecoder().decode(m.group(2));
            return keyFirst ? new DumpLine(first, second) : new DumpLine(second, first);
        } catch (IllegalArgumentException e) {
            throw new UsageException(source + " line " + lineNumber + " has bad base64: " + shorten(line));
        }
    }

    private static String shorten(String line) {
        return line.length() > 100 ? line.substring(0, 97) + "..." : line;
    }
}
