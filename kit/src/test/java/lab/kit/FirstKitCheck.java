package lab.kit;

import lab.reference.ReLU;

/**
 * A user's first kit check, in a JVM of its own ({@link KitLoggingTest} starts it): nothing of ND4J or DL4J
 * has run before it, so whatever they log on loading shows in its output. Prints the verdict last.
 */
public final class FirstKitCheck {

    private FirstKitCheck() {
    }

    public static void main(String[] args) {
        LayerCheck.Result r = LayerCheck.of("relu", c -> new ReLU(c.input())).cases(1).run();
        System.out.println("verdict: " + (r.agrees() ? "agree" : "DISAGREE"));
    }
}
