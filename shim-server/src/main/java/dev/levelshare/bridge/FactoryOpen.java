package dev.levelshare.bridge;

import java.io.File;

/**
 * One {@code DBFactory.open(dir, options)} an app made, as the agent hands it to the core ({@link CoreEntry#open}).
 * The opens it offers run the engine's own code: the agent lets them through its prologue untouched.
 */
public interface FactoryOpen {
    /** The directory the app opens. */
    File directory();

    /** The app's {@code org.iq80.leveldb.Options}. */
    Object options();

    /** The factory's class name (which engine the app linked). */
    String factoryClass();

    /** The factory's own open of {@link #directory()} with {@link #options()}. */
    Object openWithFactory() throws Exception;

    /** Whether the app's class loader has leveldbjni ({@link #openWithAppLeveldbjni}). */
    boolean hasAppLeveldbjni();

    /** leveldbjni's open, from the app's class loader, of {@code dir} with {@code options}. */
    Object openWithAppLeveldbjni(File dir, Object options) throws Exception;
}
