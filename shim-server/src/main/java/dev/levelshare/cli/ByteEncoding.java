package dev.levelshare.cli;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * How the tools take keys and values from the command line and print them ({@code --encoding}). Whatever the bytes,
 * a printed key or value never contains a tab or a line break, so output stays one entry per line.
 *
 * <p>{@code utf8} (the default) prints valid UTF-8 as it is, except that a backslash starts an escape: {@code \\}
 * (a backslash), {@code \t}, {@code \n}, {@code \r}, and {@code \xHH} for any other control character and for each byte
 * that is not part of valid UTF-8. The command line takes the same escapes, so a printed key can be given back.
 * {@code hex}: two lower-case hex digits per byte. {@code base64}: standard Base64 with padding.
 */
enum ByteEncoding {
    UTF8, HEX, BASE64;

    static ByteEncoding parse(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "utf8":
            case "utf-8":
                return UTF8;
            case "hex":
                return HEX;
            case "base64":
                return BASE64;
            default:
                throw new UsageException("unknown encoding '" + name + "' (utf8, hex or base64)");
        }
    }

    /** The bytes {@code text} stands for; a {@link UsageException} if it is not valid in this encoding. */
    byte[] decode(String text, String what) {
        switch (this) {
            case HEX:
                return fromHex(text, what);
            case BASE64:
                try {
                    return Base64.getDecoder().decode(text);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(what + " is not valid base64: '" + text + "'");
                }
            default:
                return unescape(text, what);
        }
    }

    String encode(byte[] bytes) {
        switch (this) {
            case HEX:
                return toHex(bytes);
            case BASE64:
                return Base64.getEncoder().encodeToString(bytes);
            default:
                return escape(bytes);
        }
    }

    private static byte[] fromHex(String text, String what) {
        if (text.length() % 2 != 0) {
            throw new UsageException(what + " is not valid hex (odd number of digits): '" + text + "'");
        }
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int hi = Character.digit(text.charAt(2 * i), 16);
            int lo = Character.digit(text.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new UsageException(what + " is not valid hex: '" + text + "'");
            }
            bytes[i] = (byte) (hi << 4 | lo);
        }
        return bytes;
    }

    private static String toHex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }

    static String escape(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 8);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            int length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3
                    : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
            if (length == 1) {
                appendAscii(out, b);
                i++;
                continue;
            }
            String decoded = length == 0 || i + length > bytes.length ? null : decode(utf8, bytes, i, length);
            if (decoded == null) {
                appendByte(out, b); // not part of valid UTF-8
                i++;
            } else {
                out.append(decoded);
                i += length;
            }
        }
        return out.toString();
    }

    private static String decode(CharsetDecoder utf8, byte[] bytes, int offset, int length) {
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(bytes, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void appendAscii(StringBuilder out, int b) {
        switch (b) {
            case '\\':
                out.append("\\\\");
                break;
            case '\t':
                out.append("\\t");
                break;
            case '\n':
                out.append("\\n");
                break;
            case '\r':
                out.append("\\r");
                break;
            default:
                if (b < 0x20 || b == 0x7f) {
                    appendByte(out, b);
                } else {
                    out.append((char) b);
                }
        }
    }

    private static void appendByte(StringBuilder out, int b) {
        out.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
    }

    static byte[] unescape(String text, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                plain.append(c);
                continue;
            }
            flush(plain, out);
            if (i + 1 >= text.length()) {
                throw new UsageException(what + " ends with a lone backslash (write \\\\ for one): '" + text + "'");
            }
            char next = text.charAt(++i);
            switch (next) {
                case '\\':
                    out.write('\\');
                    break;
                case 't':
                    out.write('\t');
                    break;
                case 'n':
                    out.write('\n');
                    break;
                case 'r':
                    out.write('\r');
                    break;
                case 'x': {
                    int hi = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                    int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                    if (hi < 0 || lo < 0) {
                        throw new UsageException(what + " has a bad escape (\\x needs two hex digits): '" + text + "'");
                    }
                    out.write(hi << 4 | lo);
                    i += 2;
                    break;
                }
                default:
                    throw new UsageException(what + " has an unknown escape \\" + next
                            + " (utf8 mode knows \\\\ \\t \\n \\r \\xHH): '" + text + "'");
            }
        }
        flush(plain, out);
        return out.toByteArray();
    }

    private static void flush(StringBuilder plain, ByteArrayOutputStream out) {
        byte[] bytes = plain.toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        plain.setLength(0);
    }
}
