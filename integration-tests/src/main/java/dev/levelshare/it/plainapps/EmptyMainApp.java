package dev.levelshare.it.plainapps;

/** Opens nothing: what the agent costs a JVM that never touches LevelDB (start-up time measurement). */
public final class EmptyMainApp {
    public static void main(String[] args) {
        System.out.println("empty main done");
    }
}
