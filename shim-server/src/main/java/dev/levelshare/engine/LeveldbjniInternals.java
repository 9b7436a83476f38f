package dev.levelshare.engine;

import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The one bridge to leveldbjni 1.8's internals: everything levelshare reaches in leveldbjni by reflection, found by
 * name once per class. Nothing of leveldbjni is needed at compile time; a leveldbjni laid out differently is found
 * missing here, and its iterators are then served as the engine made them.
 *
 * <ul>
 *   <li>{@link IteratorMethods}: the native iterator inside a {@code JniDBIterator}, and its plain Java methods, for
 *       {@link RepairedJniIterator};</li>
 *   <li>{@link ForwardHandles}: the JNI entry points below those methods, for {@link JniForwardReader}.</li>
 * </ul>
 */
final class LeveldbjniInternals {
    /** leveldbjni's {@code DBIterator}, which holds a native iterator. */
    static final String ITERATOR = Engines.LEVELDBJNI_PACKAGE + "internal.JniDBIterator";
    /** leveldbjni's Java face of a {@code leveldb::Iterator}. */
    static final String NATIVE_ITERATOR = Engines.LEVELDBJNI_PACKAGE + "internal.NativeIterator";

    private LeveldbjniInternals() {}

    /** How to reach and drive the native iterator inside one leveldbjni iterator class. */
    static final class IteratorMethods {
        private final Field field;
        final Method prev;
        final Method next;
        final Method isValid;
        final Method key;
        final Method value;
        final Method seek;
        final Method seekToFirst;

        private IteratorMethods(Field field, Class<?> nativeType) throws NoSuchMethodException {
            this.field = field;
            this.prev = nativeType.getMethod("prev");
            this.next = nativeType.getMethod("next");
            this.isValid = nativeType.getMethod("isValid");
            this.key = nativeType.getMethod("key");
            this.value = nativeType.getMethod("value");
            this.seek = nativeType.getMethod("seek", byte[].class);
            this.seekToFirst = nativeType.getMethod("seekToFirst");
        }

        static IteratorMethods find(Class<?> iteratorType) {
            if (!iteratorType.getName().equals(ITERATOR)) {
                return null;
            }
            try {
                Field field = iteratorType.getDeclaredField("iterator");
                field.setAccessible(true);
                return new IteratorMethods(field, field.getType());
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // another layout: the iterator is served as the engine made it
            }
        }

        Object nativeOf(DBIterator iterator) {
            try {
                return field.get(iterator);
            } catch (IllegalAccessException e) {
                return null;
            }
        }

        Object call(Method method, Object target, Object... args) {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                throw new DBException(cause); // leveldbjni's NativeDB.DBException, as its own iterator wraps it
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** What {@link JniForwardReader} drives, for one class of native iterator. */
    static final class ForwardHandles {
        final MethodHandle self;
        final MethodHandle valid;
        final MethodHandle next;
        final MethodHandle key;
        final MethodHandle value;
        final MethodHandle checkStatus;
        final MethodHandle newSlice;
        final MethodHandle readSlice;
        final MethodHandle toByteArray;
        final MethodHandle deleteSlice;

        private ForwardHandles(Class<?> iteratorType) throws ReflectiveOperationException {
            ClassLoader loader = iteratorType.getClassLoader();
            String pkg = iteratorType.getPackage().getName();
            Class<?> iteratorJni = Class.forName(iteratorType.getName() + "$IteratorJNI", false, loader);
            Class<?> slice = Class.forName(pkg + ".NativeSlice", false, loader);
            Class<?> sliceJni = Class.forName(pkg + ".NativeSlice$SliceJNI", false, loader);
            Field selfField = Class.forName(pkg + ".NativeObject", false, loader).getDeclaredField("self");
            selfField.setAccessible(true);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            self = lookup.unreflectGetter(selfField).asType(MethodType.methodType(long.class, Object.class));
            valid = handle(iteratorJni, "Valid", long.class);
            next = handle(iteratorJni, "Next", long.class);
            key = handle(iteratorJni, "key", long.class);
            value = handle(iteratorJni, "value", long.class);
            checkStatus = handle(iteratorType, "checkStatus").asType(MethodType.methodType(void.class, Object.class));
            Constructor<?> sliceConstructor = slice.getDeclaredConstructor();
            sliceConstructor.setAccessible(true);
            newSlice = lookup.unreflectConstructor(sliceConstructor).asType(MethodType.methodType(Object.class));
            readSlice = handle(slice, "read", long.class, int.class)
                    .asType(MethodType.methodType(void.class, Object.class, long.class, int.class));
            toByteArray = handle(slice, "toByteArray").asType(MethodType.methodType(byte[].class, Object.class));
            deleteSlice = handle(sliceJni, "delete", long.class);
        }

        private static MethodHandle handle(Class<?> type, String name, Class<?>... parameters)
                throws ReflectiveOperationException {
            Method method = type.getDeclaredMethod(name, parameters);
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method);
        }

        static ForwardHandles find(Class<?> nativeIteratorType) {
            if (!nativeIteratorType.getName().equals(NATIVE_ITERATOR)) {
                return null;
            }
            try {
                return new ForwardHandles(nativeIteratorType);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null; // another layout: the iterator's own next() serves
            }
        }
    }
}
