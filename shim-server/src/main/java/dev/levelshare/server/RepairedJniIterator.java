package dev.levelshare.server;

import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A leveldbjni 1.8 iterator with its reverse iteration repaired; everything else goes to the engine's iterator as is.
 *
 * <ul>
 *   <li>leveldbjni steps back with native prev, next, prev for every {@code prev()} (and prev, next for {@code
 *       hasPrev()}). Those direction switches lose entries when writes land in the DB meanwhile: a reverse scan of one
 *       iterator (one snapshot) misses the newest entry of a key range next to a busy one (measured: 8 scans out of
 *       8, two entries each, with three writer threads). Without levelshare that takes an app writing while it scans;
 *       with levelshare, any other process writing does it. Here {@code prev()} is one native prev, and {@code
 *       peekPrev()} a native prev and a seek back, which never lose an entry.</li>
 *   <li>Its {@code prev()} and {@code peekPrev()} on an iterator past its end dereference an invalid native iterator
 *       and kill the JVM (SIGSEGV); here they throw {@link NoSuchElementException}.</li>
 *   <li>{@code hasPrev()} compares the cursor with the first key of the iterator's snapshot, found once with
 *       {@code seekToFirst} and a seek back (exact: the cursor's key is in that snapshot).</li>
 * </ul>
 *
 * The native iterator is reached by reflection on leveldbjni's {@code JniDBIterator}; for any other iterator, or if a
 * leveldbjni version lays it out differently, {@link #of} returns the iterator unchanged. Not thread-safe, like the
 * iterator.
 */
public final class RepairedJniIterator implements DBIterator {
    private static final ClassValue<NativeAccess> ACCESS = new ClassValue<NativeAccess>() {
        @Override
        protected NativeAccess computeValue(Class<?> type) {
            return NativeAccess.find(type);
        }
    };

    private final DBIterator iterator;
    private final Object nativeIterator;
    private final NativeAccess access;
    private byte[] firstKey;
    private JniForwardReader forwardReader; // made at the first forward chunk
    private boolean forwardReaderMade;

    private RepairedJniIterator(DBIterator iterator, Object nativeIterator, NativeAccess access) {
        this.iterator = iterator;
        this.nativeIterator = nativeIterator;
        this.access = access;
    }

    /** The repaired iterator for a leveldbjni iterator; {@code iterator} itself for any other. */
    public static DBIterator of(DBIterator iterator) {
        NativeAccess access = ACCESS.get(iterator.getClass());
        Object nativeIterator = access == null ? null : access.nativeOf(iterator);
        return nativeIterator == null ? iterator : new RepairedJniIterator(iterator, nativeIterator, access);
    }

    /** Moves to the next entry without reading the one it leaves (which the caller has: {@link #peekNext()}). */
    void step() {
        requirePositioned();
        access.call(access.next, nativeIterator);
    }

    /** Reads runs of entries forward with fewer JNI calls than {@link #next()}; null if leveldbjni does not allow it. */
    JniForwardReader forwardReader() {
        if (!forwardReaderMade) {
            forwardReaderMade = true;
            forwardReader = JniForwardReader.of(nativeIterator);
        }
        return forwardReader;
    }

    @Override
    public boolean hasPrev() {
        if (!iterator.hasNext()) {
            return false; // leveldbjni's own answer past the end
        }
        byte[] here = iterator.peekNext().getKey();
        if (firstKey == null) {
            iterator.seekToFirst();
            firstKey = iterator.peekNext().getKey();
            iterator.seek(here);
        }
        return !Arrays.equals(here, firstKey);
    }

    @Override
    public Map.Entry<byte[], byte[]> prev() {
        requirePositioned();
        access.call(access.prev, nativeIterator);
        if (!isValid()) {
            access.call(access.seekToFirst, nativeIterator); // where leveldbjni leaves a failed prev()
            throw new NoSuchElementException();
        }
        return current();
    }

    @Override
    public Map.Entry<byte[], byte[]> peekPrev() {
        requirePositioned();
        byte[] here = (byte[]) access.call(access.key, nativeIterator);
        access.call(access.prev, nativeIterator);
        if (!isValid()) {
            access.call(access.seekToFirst, nativeIterator);
            throw new NoSuchElementException();
        }
        Map.Entry<byte[], byte[]> entry = current();
        access.call(access.seek, nativeIterator, (Object) here);
        return entry;
    }

    private void requirePositioned() {
        if (!isValid()) {
            throw new NoSuchElementException();
        }
    }

    private boolean isValid() {
        return (Boolean) access.call(access.isValid, nativeIterator);
    }

    private Map.Entry<byte[], byte[]> current() {
        return new AbstractMap.SimpleImmutableEntry<>((byte[]) access.call(access.key, nativeIterator),
                (byte[]) access.call(access.value, nativeIterator));
    }

    @Override public void seek(byte[] key) { iterator.seek(key); }
    @Override public void seekToFirst() { iterator.seekToFirst(); }
    @Override public void seekToLast() { iterator.seekToLast(); }
    @Override public Map.Entry<byte[], byte[]> peekNext() { return iterator.peekNext(); }
    @Override public boolean hasNext() { return iterator.hasNext(); }
    @Override public Map.Entry<byte[], byte[]> next() { return iterator.next(); }
    @Override public void remove() { iterator.remove(); }

    @Override
    public void close() throws java.io.IOException {
        iterator.close();
    }

    /** How to reach and drive the native iterator inside one leveldbjni iterator class. */
    private static final class NativeAccess {
        private final Field field;
        final Method prev;
        final Method next;
        final Method isValid;
        final Method key;
        final Method value;
        final Method seek;
        final Method seekToFirst;

        private NativeAccess(Field field, Class<?> nativeType) throws NoSuchMethodException {
            this.field = field;
            this.prev = nativeType.getMethod("prev");
            this.next = nativeType.getMethod("next");
            this.isValid = nativeType.getMethod("isValid");
            this.key = nativeType.getMethod("key");
            this.value = nativeType.getMethod("value");
            this.seek = nativeType.getMethod("seek", byte[].class);
            this.seekToFirst = nativeType.getMethod("seekToFirst");
        }

        static NativeAccess find(Class<?> iteratorType) {
            if (!iteratorType.getName().equals("org.fusesource.leveldbjni.internal.JniDBIterator")) {
                return null;
            }
            try {
                Field field = iteratorType.getDeclaredField("iterator");
                field.setAccessible(true);
                return new NativeAccess(field, field.getType());
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
}
