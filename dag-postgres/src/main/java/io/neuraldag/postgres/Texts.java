package io.neuraldag.postgres;

/*
 * Small text helpers shared by the package: clipping untrusted text before it goes into a message or
 * a log line, so that a hostile 1 MiB query text cannot flood the log.
 */
final class Texts {
    static final int CLIP = 200;

    private Texts() {}

    static String clip(String s) {
        if (s.length() <= CLIP) {
            return s;
        }
        return s.substring(0, CLIP) + "…(" + s.length() + " chars)";
    }
}
