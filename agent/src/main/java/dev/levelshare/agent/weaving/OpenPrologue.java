package dev.levelshare.agent.weaving;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The code put before the body of every {@code DBFactory.open(File, Options)}; in Java, with {@code this}, {@code dir}
 * and {@code options} the method's own:
 *
 * <pre>{@code
 * Object shared;
 * try {
 *     shared = Class.forName("dev.levelshare.agent.OpenDispatcher", true, ClassLoader.getSystemClassLoader())
 *             .getMethod("open", Object.class, File.class, Object.class).invoke(null, this, dir, options);
 * } catch (InvocationTargetException e) {
 *     throw e.getCause();                 // the very exception the open failed with
 * } catch (ReflectiveOperationException e) {
 *     System.err.println(UNAVAILABLE);      // the dispatcher cannot be reached: the app runs as without levelshare
 *     shared = null;
 * }
 * if (shared != null) {
 *     return (DB) shared;                 // the shared handle instead of the original open
 * }
 * // the original body: the dispatcher's own call through, or levelshare unavailable
 * }</pre>
 *
 * It uses {@code java.*} types only: the factory's class loader may not see any agent class (a fat-jar or app-server
 * loader whose parent is not the system loader), so the dispatcher is reached by name through the system class loader,
 * where the JVM put the agent jar. It adds no local variable. Where the class file has stack map frames (Java 6 and
 * later), the prologue declares its own at its three jump targets; the original method's are read expanded and stay
 * valid, as its locals start the same and the prologue leaves nothing on the stack.
 */
final class OpenPrologue extends MethodVisitor {
    static final String DISPATCHER = "dev.levelshare.agent.OpenDispatcher";
    static final String UNAVAILABLE = "[levelshare] ERROR: the agent's dispatcher cannot be reached through the system"
            + " class loader (is the agent jar on the system class path?); opening without sharing";
    private static final String OBJECT = "java/lang/Object";
    private static final String FILE = "java/io/File";

    private final Object[] locals;
    private final boolean withFrames;

    /** @param owner the factory's internal name ({@code this}); @param withFrames whether the class file has frames */
    OpenPrologue(MethodVisitor method, String owner, boolean withFrames) {
        super(Opcodes.ASM9, method);
        this.locals = new Object[] {owner, FILE, "org/iq80/leveldb/Options"};
        this.withFrames = withFrames;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label unwrap = new Label();
        Label unavailable = new Label();
        Label original = new Label();
        // Visited before the original method's own handlers, so these come first in the table; the ranges are apart.
        visitTryCatchBlock(tryStart, tryEnd, unwrap, "java/lang/reflect/InvocationTargetException");
        visitTryCatchBlock(tryStart, tryEnd, unavailable, "java/lang/ReflectiveOperationException");

        visitLabel(tryStart);
        visitLdcInsn(DISPATCHER);
        visitInsn(Opcodes.ICONST_1);
        visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/ClassLoader", "getSystemClassLoader",
                "()Ljava/lang/ClassLoader;", false);
        visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Class", "forName",
                "(Ljava/lang/String;ZLjava/lang/ClassLoader;)Ljava/lang/Class;", false);
        visitLdcInsn("open");
        newArray("java/lang/Class");
        for (int i = 0; i < 3; i++) {
            visitInsn(Opcodes.DUP);
            visitInsn(Opcodes.ICONST_0 + i);
            visitLdcInsn(Type.getObjectType(i == 1 ? FILE : OBJECT));
            visitInsn(Opcodes.AASTORE);
        }
        visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Class", "getMethod",
                "(Ljava/lang/String;[Ljava/lang/Class;)Ljava/lang/reflect/Method;", false);
        visitInsn(Opcodes.ACONST_NULL);
        newArray(OBJECT);
        for (int i = 0; i < 3; i++) {
            visitInsn(Opcodes.DUP);
            visitInsn(Opcodes.ICONST_0 + i);
            visitVarInsn(Opcodes.ALOAD, i); // this, dir, options
            visitInsn(Opcodes.AASTORE);
        }
        visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/reflect/Method", "invoke",
                "(Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;", false);
        visitLabel(tryEnd);
        visitInsn(Opcodes.DUP);
        visitJumpInsn(Opcodes.IFNULL, original);
        visitTypeInsn(Opcodes.CHECKCAST, "org/iq80/leveldb/DB");
        visitInsn(Opcodes.ARETURN);

        visitLabel(unwrap);
        frameWithOnStack("java/lang/reflect/InvocationTargetException");
        visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/reflect/InvocationTargetException", "getCause",
                "()Ljava/lang/Throwable;", false);
        visitInsn(Opcodes.ATHROW);

        visitLabel(unavailable);
        frameWithOnStack("java/lang/ReflectiveOperationException");
        visitInsn(Opcodes.POP);
        visitFieldInsn(Opcodes.GETSTATIC, "java/lang/System", "err", "Ljava/io/PrintStream;");
        visitLdcInsn(UNAVAILABLE);
        visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/io/PrintStream", "println", "(Ljava/lang/String;)V", false);
        visitInsn(Opcodes.ACONST_NULL);

        visitLabel(original); // the dispatcher's null, or the null pushed above
        frameWithOnStack(OBJECT);
        visitInsn(Opcodes.POP);
        // The original body follows.
    }

    private void newArray(String componentType) {
        visitInsn(Opcodes.ICONST_3);
        visitTypeInsn(Opcodes.ANEWARRAY, componentType);
    }

    /** The method's first frame (its parameters) with one value on the stack. */
    private void frameWithOnStack(String type) {
        if (withFrames) {
            visitFrame(Opcodes.F_NEW, locals.length, locals.clone(), 1, new Object[] {type});
        }
    }
}
