package dev.levelshare.agent;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * The part of a class file the watcher needs: is it an interface, what does it extend and implement. Read straight from
 * the bytes (the constant pool is skipped, not built), so deciding costs microseconds and loads nothing.
 */
final class ClassHeader {
    private static final int ACC_INTERFACE = 0x0200;

    final boolean isInterface;
    final String superName; // internal name, null for java/lang/Object
    final String[] interfaces;

    private ClassHeader(boolean isInterface, String superName, String[] interfaces) {
        this.isInterface = isInterface;
        this.superName = superName;
        this.interfaces = interfaces;
    }

    /** @throws IOException if the bytes are not a class file this parser understands */
    static ClassHeader parse(byte[] b) throws IOException {
        if (b.length < 10 || u4(b, 0) != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        int count = u2(b, 8);
        int[] utf8Offsets = new int[count];
        int[] classNameIndex = new int[count];
        int p = 10;
        for (int i = 1; i < count; i++) {
            int tag = b[p] & 0xff;
            switch (tag) {
                case 1: utf8Offsets[i] = p + 1; p += 3 + u2(b, p + 1); break;
                case 7: classNameIndex[i] = u2(b, p + 1); p += 3; break;
                case 8: case 16: case 19: case 20: p += 3; break;
                case 15: p += 4; break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: p += 5; break;
                case 5: case 6: p += 9; i++; break;
                default: throw new IOException("unknown constant pool tag " + tag);
            }
        }
        int access = u2(b, p);
        int superIndex = u2(b, p + 4);
        int interfaceCount = u2(b, p + 6);
        String[] interfaces = new String[interfaceCount];
        for (int i = 0; i < interfaceCount; i++) {
            interfaces[i] = className(b, u2(b, p + 8 + 2 * i), utf8Offsets, classNameIndex);
        }
        String superName = superIndex == 0 ? null : className(b, superIndex, utf8Offsets, classNameIndex);
        return new ClassHeader((access & ACC_INTERFACE) != 0, superName, interfaces);
    }

    private static String className(byte[] b, int classIndex, int[] utf8Offsets, int[] classNameIndex)
            throws IOException {
        int offset = utf8Offsets[classNameIndex[classIndex]];
        return new DataInputStream(new ByteArrayInputStream(b, offset, 2 + u2(b, offset))).readUTF();
    }

    private static int u2(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static int u4(byte[] b, int i) {
        return (u2(b, i) << 16) | u2(b, i + 2);
    }
}
