package lab.compare.lesson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import lab.compare.agree.Equivariance;
import lab.compare.report.Panels;
import lab.dl4j.Dl4jNetworks;
import lab.dl4j.Dl4jParams;
import lab.reference.Dataset;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Optimizer;
import lab.reference.Shape;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Part 2 of the lesson, equivariance measured: the trained cnn's first conv on a real digit and on the
 * digit shifted by one and by two pixels. The conv's maps move with the input (interior error exactly 0);
 * after 2x2 max-pooling they move only for an even shift. The measurement is {@link Equivariance}'s, the
 * one {@code lab agree} makes; here on a trained network and a digit rather than on noise.
 */
final class Shifts {

    /**
     * One measured case: the first layers (2: the conv and its ReLU, which DL4J folds into one layer, so
     * that is where both stacks have an output; 3: then 2x2 max-pooling), shifts, errors on both stacks.
     */
    record Case(String layers, int depth, int shift, int outputShift, Equivariance.Maps maps) {
    }

    private Shifts() {
    }

    /** The five cases of {@link Equivariance#measure}, on {@code net}'s first layers and one digit {@code x}. */
    static List<Case> measure(Network net, double[] x, boolean dl4j) {
        Dl4jNetworks.Built built = null;
        if (dl4j) {
            built = Dl4jNetworks.build(net.architecture(), net.inputShape(), DataType.DOUBLE,
                    Dl4jNetworks.updater(Optimizer.sgd(0.1)), Init.HE, 0);
            Dl4jParams.toDl4j(net, built);
        }
        String conv = net.layers().get(0).describe() + "-" + net.layers().get(1).describe();
        String pooled = conv + "-" + net.layers().get(2).describe();
        List<Case> cases = new ArrayList<>();
        int[][] plan = {{2, 1, 1}, {2, 2, 2}, {3, 2, 1}, {3, 1, 0}, {3, 1, 1}}; // depth, shift, output shift
        for (int[] c : plan) {
            cases.add(new Case(c[0] == 2 ? conv : pooled, c[0], c[1], c[2],
                    Equivariance.maps(net, built, x, c[1], c[2], c[0])));
        }
        return cases;
    }

    static Lesson.Part write(Path dir, Trained cnn, List<Case> cases, boolean dl4j) {
        Shape in = cnn.batch().shape();
        double[] x = Arrays.copyOf(cnn.batch().x(), in.size());
        double[] shifted = new Dataset("x", x, new int[] {0}, in, 1).shifted(1, 1).x();
        Case conv1 = cases.get(0);
        Case pool1 = cases.get(4);
        int channel = strongest(conv1.maps().fx(), conv1.maps().out());
        Shape co = conv1.maps().out();
        Shape po = pool1.maps().out();
        List<Panels.Panel> panels = List.of(
                new Panels.Panel("the digit", x, in.h(), in.w(), Panels.Scale.GREY, "column", "row"),
                new Panels.Panel("conv + relu, channel " + channel, slice(conv1.maps().fx(), co, channel), co.h(), co.w(),
                        Panels.Scale.SIGNED, "column", "row"),
                new Panels.Panel("then 2x2 max-pool", slice(pool1.maps().fx(), po, channel), po.h(), po.w(),
                        Panels.Scale.SIGNED, "column", "row"),
                new Panels.Panel("shifted 1 right, 1 down", shifted, in.h(), in.w(), Panels.Scale.GREY, "column", "row"),
                new Panels.Panel("conv: moved with it\n(interior error " + error(conv1.maps().reference()) + ")",
                        slice(conv1.maps().fShifted(), co, channel), co.h(), co.w(), Panels.Scale.SIGNED, "column",
                        "row"),
                new Panels.Panel("pooled: half a cell, no shift\n(error " + error(pool1.maps().reference()) + ")",
                        slice(pool1.maps().fShifted(), po, channel), po.h(), po.w(), Panels.Scale.SIGNED, "column",
                        "row"));
        Panels.draw(dir.resolve("shifts.png"), "Shift the digit by one pixel: the conv's map moves, the pooled map "
                + "does not", panels, 3);

        StringBuilder md = new StringBuilder("## 2. Equivariance, measured\n\n");
        md.append("A convolution computes the same sum at every position, so shifting its input shifts its output: "
                + "translation equivariance, the second assumption built in. Measured on the trained conv and a real "
                + "digit (example 0 above), shifted right and down with zero fill, the error compared on the "
                + "interior (where no shifted-in zero reaches), relative to the map's largest value:\n\n");
        md.append("![Part 2: the digit and its shifted copy (left), the conv's channel " + channel + " after its ReLU on "
                + "each (middle: the same map, moved), and after 2x2 max-pooling (right: not the same map moved)](shifts.png)"
                + "\n\n");
        md.append("| layers | input shifted by | output compared shifted by | error, reference |"
                + (dl4j ? " error, DL4J |" : "") + "\n|---|---:|---:|---:|" + (dl4j ? "---:|" : "") + "\n");
        for (Case c : cases) {
            md.append(String.format("| `%s` | %d | %d | %s |%s%n", c.layers(), c.shift(), c.outputShift(),
                    error(c.maps().reference()), dl4j ? " " + error(c.maps().dl4j()) + " |" : ""));
        }
        md.append(String.format("%nThe conv's error is exactly 0 for both shifts: its sums at a moved position are the "
                + "same products in the same order. After 2x2 max-pooling (stride 2) a shift of 2 input pixels is a "
                + "shift of 1 pooled cell and the error is %s; a shift of 1 is half a cell, which the pooled map "
                + "cannot follow (error %s against the unmoved map, %s against the map moved by one cell). Pooling trades "
                + "exact equivariance for a little invariance to small shifts; the `cnn`'s final dense layer then "
                + "reads positions, which is why `./lab translation` finds the cnn far from shift-invariant.%n%n",
                error(cases.get(2).maps().reference()), error(cases.get(3).maps().reference()),
                error(cases.get(4).maps().reference())));
        String summary = String.format("the conv's maps move with a shifted digit (interior error %s%s); after 2x2 "
                + "max-pooling a 1-pixel shift leaves an error of %s of the map's scale",
                error(conv1.maps().reference()), dl4j ? " on both stacks" : "", error(pool1.maps().reference()));
        return new Lesson.Part(md.toString(), summary);
    }

    /** The channel with the largest activation anywhere: the clearest map. */
    private static int strongest(double[] map, Shape s) {
        int best = 0;
        for (int k = 0; k < map.length; k++) {
            if (map[k] > map[best]) {
                best = k;
            }
        }
        return best / (s.h() * s.w());
    }

    private static double[] slice(double[] map, Shape s, int channel) {
        int plane = s.h() * s.w();
        return Arrays.copyOfRange(map, channel * plane, (channel + 1) * plane);
    }

    /** An error in words: exactly 0, or two significant figures. */
    static String error(double e) {
        return e == 0 ? "exactly 0" : Double.isNaN(e) ? "not measured" : String.format("%.2g", e);
    }
}
