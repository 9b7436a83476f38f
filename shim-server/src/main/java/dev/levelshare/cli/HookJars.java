package dev.levelshare.cli;

import dev.levelshare.hooks.WriteHook;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Loads the {@link WriteHook}s that jars named on the command line declare in {@code META-INF/services}. */
final class HookJars {
    private HookJars() {}

    static List<WriteHook> load(List<Path> jars) throws IOException {
        if (jars.isEmpty()) {
            return new ArrayList<>();
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < jars.size(); i++) {
            Path jar = jars.get(i);
            if (!Files.isRegularFile(jar)) {
                throw new IOException("levelshare: hook jar " + jar + " does not exist");
            }
            try {
                urls[i] = jar.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IOException("levelshare: hook jar " + jar + ": " + e.getMessage(), e);
            }
        }
        // Hooks see the levelshare classes (WriteHook, WriteRejectedException) through the parent loader.
        ClassLoader loader = new URLClassLoader(urls, WriteHook.class.getClassLoader());
        List<WriteHook> hooks = new ArrayList<>();
        try {
            for (WriteHook hook : ServiceLoader.load(WriteHook.class, loader)) {
                hooks.add(hook);
            }
        } catch (ServiceConfigurationError e) {
            throw new IOException("levelshare: cannot load a write hook from " + jars + ": " + e.getMessage(), e);
        }
        if (hooks.isEmpty()) {
            throw new IOException("levelshare: " + jars + " declare no write hook: list your classes in"
                    + " META-INF/services/" + WriteHook.class.getName());
        }
        return hooks;
    }
}
