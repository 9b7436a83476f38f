package dev.levelshare.engine;

import dev.levelshare.engine.HiddenKeys;
import dev.levelshare.protocol.IteratorCodec;


/**
 * Reads a run of entries forward from a leveldbjni 1.8 iterator into a served chunk with half the JNI calls of the
 * iterator's own {@code next()}. leveldbjni's {@code NativeIterator} asks the engine for the iterator's status after
 * every key, value and step: three JNI calls and an object each time, most of a served scan's cost where a profile
 * of the leader looked. A leveldb iterator's status can only change when it moves, and an error makes it invalid, so
 * here it is asked once, when the run ends; the copies of key and value are leveldbjni's own.
 *
 * <p>Reached through {@link LeveldbjniInternals}, as {@link RepairedJniIterator} is; if they are laid out
 * differently, {@link #of} returns null and the iterator's own {@code next()} serves. Single-threaded, like the
 * iterator.
 */
final class JniForwardReader {
    private static final ClassValue<LeveldbjniInternals.ForwardHandles> HANDLES =
            new ClassValue<LeveldbjniInternals.ForwardHandles>() {
        @Override
        protected LeveldbjniInternals.ForwardHandles computeValue(Class<?> nativeIteratorType) {
            return LeveldbjniInternals.ForwardHandles.find(nativeIteratorType);
        }
    };

    private final LeveldbjniInternals.ForwardHandles handles;
    private final Object nativeIterator;
    private final long self;

    private JniForwardReader(LeveldbjniInternals.ForwardHandles handles, Object nativeIterator, long self) {
        this.handles = handles;
        this.nativeIterator = nativeIterator;
        this.self = self;
    }

    /** A reader over {@code nativeIterator} (leveldbjni's {@code NativeIterator}), or null if it cannot be driven. */
    static JniForwardReader of(Object nativeIterator) {
        LeveldbjniInternals.ForwardHandles h = HANDLES.get(nativeIterator.getClass());
        if (h == null) {
            return null;
        }
        try {
            return new JniForwardReader(h, nativeIterator, (long) h.self.invoke(nativeIterator));
        } catch (Throwable e) {
            return null;
        }
    }

    /** {@link #readInto}: the chunk is full. */
    static final int FULL = 0;
    /** {@link #readInto}: the iterator ended. */
    static final int ENDED = 1;
    /** {@link #readInto}: the cursor is on a hidden key (only when asked to stop there). */
    static final int AT_HIDDEN = 2;

    /**
     * Adds the entries from the cursor on while the iterator is valid, until {@code count} entries or {@code maxBytes}
     * of them are in the chunk, or (if {@code stopAtHidden}) a hidden key comes ({@link HiddenKeys}); leaves the cursor
     * on the first entry not added. Returns {@link #FULL}, {@link #ENDED} or {@link #AT_HIDDEN}. An engine error met
     * on the way is thrown as leveldbjni throws it.
     */
    int readInto(IteratorCodec.ChunkWriter chunk, int count, int maxBytes, boolean stopAtHidden) {
        try {
            while ((boolean) handles.valid.invokeExact(self)) {
                if (chunk.count() >= count || chunk.bytes() >= maxBytes) {
                    return FULL;
                }
                byte[] key = copy((long) handles.key.invokeExact(self));
                if (stopAtHidden && HiddenKeys.isHidden(key)) {
                    return AT_HIDDEN;
                }
                chunk.add(key, copy((long) handles.value.invokeExact(self)));
                handles.next.invokeExact(self);
            }
            handles.checkStatus.invoke(nativeIterator); // the run ended: on an error, or at the end
            return ENDED;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            // leveldbjni's NativeDB.DBException (a checked exception), wrapped as its own iterator wraps it
            throw new org.iq80.leveldb.DBException(e.getMessage(), e);
        }
    }

    /** The bytes of a {@code leveldb::Slice*} the engine allocated for us, which is freed here. */
    private byte[] copy(long slicePointer) throws Throwable {
        try {
            Object slice = handles.newSlice.invokeExact();
            handles.readSlice.invokeExact(slice, slicePointer, 0);
            return (byte[]) handles.toByteArray.invokeExact(slice);
        } finally {
            handles.deleteSlice.invokeExact(slicePointer);
        }
    }

}
