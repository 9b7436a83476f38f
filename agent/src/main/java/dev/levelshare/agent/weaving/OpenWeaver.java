package dev.levelshare.agent.weaving;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.security.ProtectionDomain;

/**
 * Puts {@link OpenPrologue} at the start of {@code open(File, Options)} of a concrete
 * {@code org.iq80.leveldb.DBFactory} (the agent's watcher already chose the class). Loaded only when the watcher meets
 * the first such class, so JVMs that never use LevelDB pay nothing. No class format changes (no member added): the
 * same bytes serve a first load and a retransformation.
 *
 * <p>It works on the class file with Byte Buddy's ASM alone, so the agent carries only that part of Byte Buddy. Byte
 * Buddy's {@code AgentBuilder} with an {@code Advice} does the same at many times the cost of an app's first open
 * (loading and initialising a thousand of its classes, reading the advice's annotations, resolving the factory's type
 * hierarchy; BENCHMARKS.md (d)); a plain pass over the class file is cheap. The prologue is small and fixed, so its
 * bytecode and stack map frames are written here. It logs nothing itself (slf4j's start in this loader would add to
 * the first open): the agent reports what it did, or its failure.
 */
public final class OpenWeaver {
    static final String OPEN = "open";
    static final String OPEN_DESCRIPTOR = "(Ljava/io/File;Lorg/iq80/leveldb/Options;)Lorg/iq80/leveldb/DB;";

    /**
     * The class with the prologue in its {@code open(File, Options)}, or null if it has no such method of its own;
     * throws if the class file cannot be woven (the caller reports it: the app's opens would then meet the lock).
     */
    public byte[] weave(ClassLoader loader, String internalName, Class<?> beingRedefined, ProtectionDomain domain,
                        byte[] classfile) {
        ClassReader reader = new ClassReader(classfile); // throws for a class file newer than this ASM knows
        // Maxima are computed (cheap); frames are not (that would load classes to find common supertypes): the prologue
        // writes its own, and the original method's are kept as they are (read expanded, so that they stay valid after
        // the inserted code).
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        OpenFinder finder = new OpenFinder(writer);
        reader.accept(finder, ClassReader.EXPAND_FRAMES);
        return finder.woven ? writer.toByteArray() : null;
    }

    /** Finds the concrete {@code open(File, Options)} and wraps its code with the prologue. */
    private static final class OpenFinder extends ClassVisitor {
        private String owner;
        private boolean withFrames;
        private boolean supported;
        boolean woven;

        OpenFinder(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            owner = name;
            // Class files before Java 6 (leveldbjni's are Java 5) have no stack map frames; later ones must have them.
            withFrames = (version & 0xFFFF) >= Opcodes.V1_6;
            supported = (version & 0xFFFF) >= Opcodes.V1_5; // the prologue loads class constants (Java 5)
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (OPEN.equals(name) && OPEN_DESCRIPTOR.equals(descriptor)
                    && (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_STATIC)) == 0) {
                if (!supported) {
                    throw new IllegalStateException("class file older than Java 5");
                }
                woven = true;
                return new OpenPrologue(method, owner, withFrames);
            }
            return method;
        }
    }
}
