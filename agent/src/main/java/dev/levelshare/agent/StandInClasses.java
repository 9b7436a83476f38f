package dev.levelshare.agent;

/**
 * Classes generated at run time to stand in for a factory: mocks (Mockito's subclass mock maker, its interface mocks),
 * proxies (the JDK's, Byte Buddy's, cglib's, javassist's). Their {@code open} belongs to whoever generated them: a
 * stub must return its stub and a verification must see the call, so the agent never weaves them and never diverts an
 * open made on one. Recognised by the names their generators give them, which are part of those libraries' behaviour
 * that tools (debuggers, profilers, Spring) rely on too.
 */
final class StandInClasses {
    /** Fragments of generated class names ({@code /} or {@code .} separated alike). */
    private static final String[] GENERATED = {
        "$MockitoMock$",          // Mockito's subclass mock maker and its interface mocks
        "$ByteBuddy$",            // Byte Buddy's default naming strategy (proxies, other mocking tools)
        "$$EnhancerBy",           // cglib, Mockito 1 (EnhancerByMockitoWithCGLIB), Spring's older proxies
        "$$SpringCGLIB$$",        // Spring's own cglib
        "$$FastClassBy",          // cglib
        "_$$_jvst",               // javassist proxies
        "$HibernateProxy$",       // Hibernate's Byte Buddy proxies
    };

    private StandInClasses() {}

    /** Whether {@code className} (internal or binary name) is a class generated at run time to stand in for another. */
    static boolean isStandIn(String className) {
        if (className == null) {
            return false;
        }
        int simpleStart = Math.max(className.lastIndexOf('/'), className.lastIndexOf('.')) + 1;
        if (className.startsWith("$Proxy", simpleStart) || className.startsWith("com/sun/proxy/")
                || className.startsWith("com.sun.proxy.")) {
            return true; // java.lang.reflect.Proxy: $ProxyN in jdk.proxyN, com.sun.proxy or a non-public interface's package
        }
        for (String fragment : GENERATED) {
            if (className.contains(fragment)) {
                return true;
            }
        }
        return false;
    }
}
