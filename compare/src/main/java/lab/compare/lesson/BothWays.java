package lab.compare.lesson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import lab.dl4j.HandWrittenCnn;
import lab.dl4j.StockLocallyConnected;
import lab.reference.Architecture;
import lab.reference.Conv2D;
import lab.reference.Layer;
import lab.reference.MaxPool2D;
import lab.reference.Param;
import lab.reference.Shape;
import lab.reference.Window;

/**
 * Part 6 of the lesson: the same cnn written both ways, the reference's list of layers beside the DL4J
 * configuration a user writes by hand ({@link HandWrittenCnn}, whose test proves it builds the network the
 * project's translator builds), the limits of the comparison, and the two bugs in DL4J 1.0.0-M2.1's
 * LocallyConnected2D that the hand-written reference caught, run again here on a tiny input
 * ({@link StockLocallyConnected}).
 */
final class BothWays {

    /** HandWrittenCnn.java in the checkout, for links. */
    static final String REPO_FILE = "dl4j/src/main/java/lab/dl4j/HandWrittenCnn.java";

    private BothWays() {
    }

    /** The DL4J configuration lines that build the first conv layer, counted in the hand-written file. */
    static int convConfigLines() {
        return (int) HandWrittenCnn.region("conv layer").lines().count();
    }

    /** DL4J's stock LocallyConnected2D beside the reference's: a square map, a wider one, and one gradient. */
    record Bugs(StockLocallyConnected.Maps square, StockLocallyConnected.Maps wide,
                StockLocallyConnected.Gradients gradients) {
    }

    /** What part 6 runs on DL4J; null without DL4J. */
    static Bugs measure(boolean dl4j) {
        return dl4j ? new Bugs(StockLocallyConnected.outputMaps(3, 3), StockLocallyConnected.outputMaps(3, 4),
                StockLocallyConnected.gradients()) : null;
    }

    /** Part 6's section; {@code fastLines} is part 3's count of the fast path's lines. */
    static Lesson.Part write(Path dir, Bugs bugs, long fastLines, boolean dl4j) {
        StringBuilder md = new StringBuilder("## 6. The same network, written both ways\n\n");
        md.append("The reference builds the preset `cnn` from its text form, `Architecture.of(\"cnn\").layers(new "
                + "Shape(1, 28, 28))`, into this list of layers, each a class of its own whose forward and backward "
                + "you can read:\n\n```java\n").append(referenceListing()).append("```\n\n");
        String network = String.join("\n", HandWrittenCnn.region("network").lines()
                .filter(l -> !l.strip().startsWith("// lesson:")).toList()); // the markers are for this page, not for it
        md.append(String.format("A DL4J user writes the same network as a configuration, %d lines of builder "
                + "([HandWrittenCnn.java](%s), in the dl4j module; its test builds it beside the project's general "
                + "translator `Dl4jNetworks` and finds the same layers, shapes and outputs):%n%n```java%n%s%n```%n%n",
                network.lines().count(), Sources.link(dir, REPO_FILE), network));
        md.append(String.format("The comparison has limits, and they are part of the lesson. The hand code that trains "
                + "faster than DL4J (part 3) is not these loops: it is the fast path, %,d lines of im2col, blocked "
                + "matrix products on the Vector API and a batch split over threads, written and checked against the "
                + "loops. And DL4J's configuration hides what the loops show: where the `+=` is, what is kept for "
                + "backward, what happens at a tie.%n%n", fastLines));
        md.append("**What the hand code caught.** Checked against the reference, DL4J 1.0.0-M2.1's own "
                + "`LocallyConnected2D` turned out wrong in two ways; the project builds a corrected subclass "
                + "(`Dl4jNetworks.TextbookLocallyConnected2D`) and its tests pin both bugs, so an upgrade that "
                + "fixes them shows.\n\n");
        if (!dl4j) {
            md.append("(DL4J was not run: `--stacks reference`; run `./lab lesson` to see both bugs on a tiny input.)\n\n");
            return new Lesson.Part(md.toString(), "");
        }
        md.append("**Output order.** One filter, a 2 x 2 kernel that takes its window's top-left pixel and nothing "
                + "else, at every position; pixel (r, c) holds 10(r + 1) + (c + 1), so a value names its place. Each "
                + "output should be the pixel at its own (row, column):\n\n");
        md.append("| input | reference (right) | DL4J's stock layer |\n|---|---|---|\n");
        md.append(String.format("| %s | %s | %s |%n", rows(bugs.square().input()), rows(bugs.square().reference()),
                rows(bugs.square().stock())));
        md.append(String.format("| %s | %s | %s |%n", rows(bugs.wide().input()), rows(bugs.wide().reference()),
                rows(bugs.wide().stock())));
        md.append(String.format("%nOn the square input DL4J's map is %s; on the wider one it is %s. No change of the "
                + "weights can undo it: it permutes the layer's output positions.%n%n",
                transposed(bugs.square()) ? "the reference's transposed" : "not the reference's",
                java.util.Arrays.deepEquals(bugs.wide().reference(), bugs.wide().stock()) ? "right"
                        : "scrambled (a transpose does not fit a 2 x 3 map)"));
        StockLocallyConnected.Gradients g = bugs.gradients();
        md.append(String.format("**Gradient doubled.** A 2 x 2 input %s under a 2 x 2 kernel, so the output is one "
                + "number (%s on both stacks: %s and %s) and its order cannot matter; W = %s, b = %s, upstream "
                + "gradient %s, so the true dW is x, db is 1 and dx is W:%n%n", rows(g.input()), g.referenceOutput()
                == g.stockOutput() ? "the same" : "NOT the same", OnPurpose.number(g.referenceOutput()),
                OnPurpose.number(g.stockOutput()), OnPurpose.vector(g.weights()), OnPurpose.number(g.bias()),
                OnPurpose.number(g.upstream())));
        md.append("| gradient | reference | DL4J's stock layer | DL4J / reference |\n|---|---|---|---:|\n");
        for (StockLocallyConnected.Gradient gr : List.of(g.dW(), g.db(), g.dx())) {
            md.append(String.format("| %s | %s | %s | %s |%n", gr.name(), OnPurpose.vector(gr.reference()),
                    OnPurpose.vector(gr.stock()), Double.isNaN(gr.ratio()) ? "not one factor"
                            : OnPurpose.number(gr.ratio())));
        }
        md.append("\nA reference you can read line by line, checked against DL4J tensor by tensor, is what made both "
                + "visible; DL4J's own gradient check cannot see the first (it checks the layer against itself).\n\n");
        String summary = String.format("DL4J 1.0.0-M2.1's own LocallyConnected2D, caught by the hand code: its output "
                + "map comes out %s on a square input, and its gradients are %s times the true ones",
                transposed(bugs.square()) ? "transposed" : "wrong", OnPurpose.number(g.dW().ratio()));
        return new Lesson.Part(md.toString(), summary);
    }

    /** A small map as its rows: "11 12 / 21 22". */
    private static String rows(double[][] grid) {
        return String.join(" / ", java.util.Arrays.stream(grid).map(r -> String.join(" ", java.util.Arrays.stream(r)
                .mapToObj(OnPurpose::number).toList())).toList());
    }

    private static boolean transposed(StockLocallyConnected.Maps m) {
        double[][] a = m.reference();
        double[][] b = m.stock();
        if (a.length != a[0].length || java.util.Arrays.deepEquals(a, b)) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                if (a[i][j] != b[j][i]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The reference's layers of the cnn on 28x28 as the constructor calls that build them, with shapes and weights. */
    static String referenceListing() {
        Shape in = new Shape(1, 28, 28);
        List<Layer> layers = Architecture.of("cnn").layers(in);
        List<String> calls = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Layer l : layers) {
            String shape = "new Shape(" + l.inputShape().c() + ", " + l.inputShape().h() + ", " + l.inputShape().w() + ")";
            String call;
            if (l instanceof Conv2D c) {
                Window w = c.window();
                call = String.format("new Conv2D(%s, %d, %d, %d, %d, %d, %d, %d)", shape, c.outputShape().c(), w.kh(),
                        w.kw(), w.sh(), w.sw(), w.ph(), w.pw());
            } else if (l instanceof MaxPool2D p) {
                Window w = p.window();
                call = String.format("new MaxPool2D(%s, %d, %d, %d, %d)", shape, w.kh(), w.kw(), w.sh(), w.sw());
            } else if (l instanceof lab.reference.Dense d) {
                call = String.format("new Dense(%s, %d)", shape, d.outputShape().c());
            } else {
                call = "new " + l.getClass().getSimpleName() + "(" + shape + ")";
            }
            long weights = l.params().stream().mapToLong(Param::size).sum();
            calls.add(call);
            notes.add("// -> " + l.outputShape() + (weights > 0 ? String.format(", %,d weights", weights) : ""));
        }
        int width = calls.stream().mapToInt(String::length).max().orElse(0) + 1;
        StringBuilder sb = new StringBuilder("List<Layer> cnn = List.of(\n");
        for (int k = 0; k < calls.size(); k++) {
            String call = "        " + calls.get(k) + (k + 1 < calls.size() ? "," : ");");
            sb.append(String.format("%-" + (width + 10) + "s%s%n", call, notes.get(k)));
        }
        return sb.toString();
    }
}
