package lab.compare.lesson;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import lab.compare.agree.Agreement;
import lab.compare.report.Summary;
import lab.compare.speed.Cases;
import lab.compare.speed.FirstStep;
import lab.compare.speed.Inputs;
import lab.compare.speed.Ways;
import lab.fast.FastNetwork;
import lab.kit.Judge;
import lab.kit.TermSizes;
import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Shape;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Part 3 of the lesson: what the library buys and what it costs, measured in this run. One row per way of
 * training the same {@code cnn} on 28x28 digits ({@link Ways}: the reference's naive loops, its fast path
 * on 1 and 2 threads, DL4J in double and in float), every column measured here or counted from the code:
 * training images/s on the same batch, timed side by side in interleaved rounds (each round a fresh
 * network: the benchmarks' rule); the first finished step and the memory of a fresh JVM
 * ({@link FirstStep}); the lines a reader reads to see the conv; the dependencies on disk; and how far each
 * way's gradients are from the naive loops' on the same weights and batch.
 */
final class Costs {

    static final String MODEL = "cnn";

    /** One way's row: its images/s in each round, its fresh JVM's probe, its gradients' distance from the naive loops'. */
    record Row(String way, String name, double[] imagesPerSecond, Probe probe, double gradientError) {

        double median() {
            double[] s = imagesPerSecond.clone();
            Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
    }

    /**
     * What part 3 measured and counted.
     *
     * @param rows          one per way, in {@link #ways} order
     * @param rounds        timed rounds per way
     * @param convLines     Conv2D's forward and backward, lines (what a reader reads to see the conv)
     * @param convFileLines all of Conv2D.java
     * @param fastLines     non-blank lines of the fast path (module fast)
     * @param dl4jConfigLines the DL4J configuration lines that build the same conv layer by hand
     * @param dl4jBytes     the jars DL4J brings, on disk
     * @param dl4jJars      how many
     * @param nativeBytes   of them, ND4J's native library for this platform
     * @param referenceJarBytes the reference module's own jar (or classes), for scale
     */
    record Numbers(List<Row> rows, int rounds, int convLines, int convFileLines, long fastLines, int dl4jConfigLines,
                   long dl4jBytes, int dl4jJars, long nativeBytes, long referenceJarBytes) {
    }

    private Costs() {
    }

    /** The ways in the table: the reference's, then DL4J's if it runs. */
    static List<String> ways(boolean dl4j) {
        return dl4j ? List.of("naive", "fast1", "fast2", "dl4j-double", "dl4j-float") : List.of("naive", "fast1", "fast2");
    }

    static String name(String way) {
        return switch (way) {
            case "naive" -> "reference, naive loops (the textbook code)";
            case "fast1" -> "reference, fast path, 1 thread";
            case "fast2" -> "reference, fast path, 2 threads";
            case "dl4j-double" -> "DL4J, double";
            case "dl4j-float" -> "DL4J, float";
            default -> way;
        };
    }

    static Numbers measure(Lesson.Settings s, Lesson.Progress progress) {
        List<String> ways = ways(s.dl4j());
        int rounds = s.quick() ? 3 : 5;
        double slice = s.quick() ? 0.3 : 0.6;  // seconds of steps per way per round
        double warm = s.quick() ? 0.5 : 1.5;   // untimed, per way, for the JIT (fast1's turn warms fast2's code too)
        Map<String, double[]> speed = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (String way : ways) {
            steps(Ways.start(way, MODEL), warm);
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < ways.size(); k++) {
                String way = ways.get((k + r) % ways.size()); // each round starts with another way
                Ways.Step step = Ways.start(way, MODEL); // fresh: a network trained long on one batch slows down
                int[] count = new int[1];
                double seconds = steps(step, slice, count);
                speed.computeIfAbsent(way, w -> new double[rounds])[r] = count[0] * Cases.BATCH / seconds;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            int round = r;
            progress.say(String.format("  timing round %d of %d: %s | about %s left for the rounds", r + 1, rounds,
                    String.join(", ", ways.stream().map(w -> String.format("%s %,.0f img/s", w, speed.get(w)[round]))
                            .toList()), Summary.duration(elapsed / (r + 1) * (rounds - r - 1))));
        }
        progress.say("  a fresh JVM for each way: time to its first step, and its memory");
        Map<String, Double> gradients = gradientErrors(ways);
        List<Row> rows = new ArrayList<>();
        for (String way : ways) {
            rows.add(new Row(way, name(way), speed.get(way), probe(way), gradients.get(way)));
        }
        List<String> conv = Sources.lines(Sources.CONV);
        int convLines = Sources.methodLines(conv, "public double[] forward(") + Sources.methodLines(conv,
                "public double[] backward(");
        Dependencies deps = Dependencies.dl4j();
        return new Numbers(rows, rounds, convLines, conv.size(), Sources.codeLines(FastNetwork.class, "lab/fast/", "Float"),
                BothWays.convConfigLines(), deps.bytes(), deps.jars(), deps.nativeBytes(),
                Dependencies.codeSize(Network.class));
    }

    /** Steps for at least {@code seconds} (and at least once); returns the seconds taken. */
    private static double steps(Ways.Step step, double seconds) {
        return steps(step, seconds, new int[1]);
    }

    private static double steps(Ways.Step step, double seconds, int[] count) {
        long start = System.nanoTime();
        long until = start + (long) (seconds * 1e9);
        do {
            step.step();
            count[0]++;
        } while (System.nanoTime() < until);
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * A fresh JVM's first step, in seconds from starting it, and its memory in bytes after a few steps: heap in
     * use, native memory as ND4J counts it (-1 without ND4J), resident (-1 where not known).
     */
    record Probe(double seconds, long heap, long nd4j, long resident) {
    }

    /** Starts {@link FirstStep} in a JVM of its own with this JVM's class path and Vector API module. */
    static Probe probe(String way) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString());
        List<String> command = List.of(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), FirstStep.class.getName(), way, MODEL);
        long start = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for the first-step probe: " + e.getMessage(), e);
        }
        double first = Double.NaN;
        long[] memory = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("first-step")) {
                    first = (System.nanoTime() - start) / 1e9;
                } else if (line.startsWith("memory ")) {
                    memory = Arrays.stream(line.substring(7).trim().split(" ")).mapToLong(Long::parseLong).toArray();
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the first-step probe of " + way + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        if (Double.isNaN(first) || memory == null) {
            throw new IllegalStateException("the first-step probe of " + way + " ended without its numbers (exit "
                    + (p.isAlive() ? "none" : p.exitValue()) + "); run: " + String.join(" ", command));
        }
        return new Probe(first, memory[0], memory[1], memory[2]);
    }

    /**
     * Each way's gradients on the same weights and batch, against the naive loops': the worst element's
     * |difference| over the size of the terms it sums ({@link Judge}'s measure, {@code lab agree}'s), over
     * every parameter of the cnn. The naive loops are the spec, so their own row is 0 by definition.
     */
    static Map<String, Double> gradientErrors(List<String> ways) {
        Shape in = Cases.inputOf(MODEL);
        Network spec = Network.create(Architecture.of(MODEL), in, Init.HE, Ways.SEED);
        double[] x = Inputs.uniform(Cases.BATCH * in.size(), 2);
        int[] y = Inputs.labels(Cases.BATCH, spec.classes(), 3);
        spec.zeroGrad();
        spec.lossAndGradient(x, y, Cases.BATCH);
        double[] probabilities = spec.lastProbabilities().clone();
        List<double[]> naive = spec.params().stream().map(p -> p.param().grad().clone()).toList();
        TermSizes sizes = Agreement.magnitudes(spec, x, y, Cases.BATCH, probabilities);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String way : ways) {
            List<double[]> theirs = new ArrayList<>();
            if (way.equals("naive")) {
                theirs = naive;
            } else if (Ways.dl4j(way)) {
                Map<String, double[]> g = Agreement.dl4jGradients(spec, x, y, Cases.BATCH,
                        Ways.dtype(way.substring("dl4j-".length())));
                for (Network.NamedParam p : spec.params()) {
                    theirs.add(g.get(p.key()));
                }
            } else {
                FastNetwork fast = new FastNetwork(spec, Integer.parseInt(way.replaceAll("[a-z]", "")));
                fast.zeroGrad();
                fast.lossAndGradient(x, y, Cases.BATCH);
                for (Network.NamedParam p : spec.params()) {
                    theirs.add(p.param().grad().clone());
                }
            }
            double worst = 0;
            for (int k = 0; k < naive.size(); k++) {
                Judge.TensorVerdict v = Judge.judge("d", theirs.get(k), naive.get(k), sizes.grads().get(k), 1, 0);
                worst = Math.max(worst, v.worstRel());
            }
            out.put(way, worst);
        }
        return out;
    }

    /** The jars the dl4j module lists as what DL4J brings ({@code lab/dl4j/dependencies.txt}), found on the class path. */
    record Dependencies(long bytes, int jars, long nativeBytes) {

        static Dependencies dl4j() {
            Set<String> names = new HashSet<>();
            String nativeJar = null;
            try (InputStream in = Costs.class.getClassLoader().getResourceAsStream("lab/dl4j/dependencies.txt")) {
                if (in == null) {
                    throw new IllegalStateException("lab/dl4j/dependencies.txt is not on the class path (the dl4j "
                            + "module's build writes it; rebuild it)");
                }
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                    String coordinates = line.strip().split(" ")[0]; // group:artifact:type[:classifier]:version:scope
                    String[] c = coordinates.split(":");
                    if (c.length < 5 || !c[2].equals("jar")) {
                        continue; // the header, a blank line
                    }
                    String file = c.length == 6 ? c[1] + "-" + c[4] + "-" + c[3] + ".jar" : c[1] + "-" + c[3] + ".jar";
                    names.add(file);
                    if (c[1].equals("nd4j-native") && c.length == 6) {
                        nativeJar = file;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read lab/dl4j/dependencies.txt: " + e.getMessage(), e);
            }
            long bytes = 0;
            long nativeBytes = 0;
            int jars = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                if (names.contains(p.getFileName().toString()) && Files.isRegularFile(p)) {
                    long size = size(p);
                    bytes += size;
                    jars++;
                    if (p.getFileName().toString().equals(nativeJar)) {
                        nativeBytes = size;
                    }
                }
            }
            if (jars == 0) {
                throw new IllegalStateException("none of the " + names.size() + " jars DL4J brings is on the class path");
            }
            return new Dependencies(bytes, jars, nativeBytes);
        }

        /** The size on disk of the jar (or the folder of classes) {@code of} was loaded from. */
        static long codeSize(Class<?> of) {
            try {
                Path where = Path.of(of.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isRegularFile(where)) {
                    return size(where);
                }
                try (var files = Files.walk(where)) {
                    return files.filter(Files::isRegularFile).mapToLong(Dependencies::size).sum();
                }
            } catch (IOException | java.net.URISyntaxException e) {
                throw new IllegalStateException("cannot size the code of " + of.getName() + ": " + e.getMessage(), e);
            }
        }

        private static long size(Path p) {
            try {
                return Files.size(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot size " + p + ": " + e.getMessage(), e);
            }
        }
    }

    static Lesson.Part write(Path dir, Numbers m, boolean dl4j) {
        Row naive = m.rows().get(0);
        StringBuilder md = new StringBuilder("## 3. What the library buys, what it costs\n\n");
        md.append(String.format("The same `cnn` (%,d parameters) trained on 28 x 28 images in batches of %d with Adam, "
                + "each way from the same weights on the same batch (the benchmarks' case, `lab.compare.speed`). "
                + "Training speed is timed side by side in this JVM, %d interleaved rounds of each way (a fresh network "
                + "each round; median and range); the first step and the memory in a fresh JVM of each way's own.%n%n",
                Architecture.of(MODEL).parameterCount(Cases.inputOf(MODEL)), Cases.BATCH, m.rounds()));
        md.append("| way of training | images/s (median, range) | x naive loops | first step in a fresh JVM | heap "
                + "| native, as ND4J counts it | resident memory |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : m.rows()) {
            double[] sorted = r.imagesPerSecond().clone();
            Arrays.sort(sorted);
            md.append(String.format("| %s | %,.0f (%,.0f-%,.0f) | %.1fx | %.1f s | %s | %s | %s |%n", r.name(),
                    r.median(), sorted[0], sorted[sorted.length - 1], r.median() / naive.median(), r.probe().seconds(),
                    mb(r.probe().heap()), r.probe().nd4j() < 0 ? "-" : mb(r.probe().nd4j()), r.probe().resident() < 0
                            ? "n/a" : mb(r.probe().resident())));
        }
        md.append("\n| way of training | to see the conv's forward and backward, read | dependencies on disk | "
                + "gradients vs the naive loops (worst, relative to the terms summed) |\n|---|---|---|---:|\n");
        for (Row r : m.rows()) {
            String read = switch (r.way()) {
                case "naive" -> String.format("%d lines: `forward` and `backward` of [Conv2D.java](%s) (%d lines with "
                        + "its comments and checks)", m.convLines(), Sources.link(dir, Sources.REPO_CONV), m.convFileLines());
                case "fast1", "fast2" -> String.format("the naive loops as the spec, then the fast path: %,d non-blank "
                        + "lines in module `fast` (im2col, a blocked GEMM on the Vector API, the batch split over "
                        + "threads; its float32 path's `Float*` files not counted)", m.fastLines());
                default -> String.format("%d configuration lines build the layer ([HandWrittenCnn.java](%s)); the "
                        + "arithmetic is in native code (libnd4j, C++), not in Java", m.dl4jConfigLines(),
                        Sources.link(dir, BothWays.REPO_FILE));
            };
            String deps = Ways.dl4j(r.way()) ? String.format("%s in %d jars (%s of it ND4J's native library for "
                    + "this platform)", mb(m.dl4jBytes()), m.dl4jJars(), mb(m.nativeBytes()))
                    : String.format("none: the JDK only (its own classes: %s)", kb(m.referenceJarBytes()));
            md.append(String.format("| %s | %s | %s | %s |%n", r.name(), read, deps,
                    r.way().equals("naive") ? "0 (it is the spec)" : String.format("%.1e", r.gradientError())));
        }
        Row fast2 = m.rows().get(2);
        md.append(String.format("%nThe naive loops are the code a student can read in one sitting; the fast path, %.0fx "
                + "faster here on 2 threads, is %,d lines that are checked against them on every build. ",
                fast2.median() / naive.median(), m.fastLines()));
        if (dl4j) {
            Row dd = m.rows().get(3);
            Row df = m.rows().get(4);
            md.append(String.format("DL4J trains this small network at %.1fx the naive loops in double and %.1fx in float "
                    + "(1 thread: ND4J's thread count is fixed when it loads), after %.1f s to its first step against the "
                    + "naive loops' %.1f s, and brings %s of jars. Its double gradients are the reference's to %.0e of "
                    + "their terms, its float ones to %.0e.",
                    dd.median() / naive.median(), df.median() / naive.median(), dd.probe().seconds(),
                    naive.probe().seconds(), mb(m.dl4jBytes()), dd.gradientError(), df.gradientError()));
        }
        md.append("\n\n");
        md.append("**What only the library gives.** Other backends: ND4J's natives per platform, chosen by one Maven "
                + "property, and a CUDA backend this project does not use (the reference computes on the CPU, in "
                + "double, or in float on its fast path with `--dtype float`, as the `DL4J, float` row does); "
                + "serialisation (`ModelSerializer` saves and loads a trained network; the reference has no file "
                + "format); an updater zoo (DL4J has Adam, AdaMax, AdaGrad, RMSProp, Nadam, AMSGrad and more; the "
                + "reference has the three it needs, [Sgd](" + Sources.link(dir,
                "reference/src/main/java/lab/reference/Sgd.java")
                + "), [Nesterovs](" + Sources.link(dir, "reference/src/main/java/lab/reference/Nesterovs.java")
                + ") and [Adam](" + Sources.link(dir, "reference/src/main/java/lab/reference/Adam.java") + "), in "
                + "DL4J's own formulas); Spark and GPU backends for training one network on many machines (this "
                + "project's own Spark engine distributes whole runs, [SparkEngine](" + Sources.link(dir,
                "spark/src/main/java/lab/spark/SparkEngine.java") + ")); and a tested ecosystem (Keras import, "
                + "a model zoo, years of users).\n\n");
        md.append("**What only the hand code gives.** Every intermediate value can be read: part 1 took dout at the "
                + "first layer out of the middle of a backward pass, which DL4J's network does not hand back "
                + "([OneKernel.java](" + Sources.link(dir, "compare/src/main/java/lab/compare/lesson/OneKernel.java")
                + ")). Exact double arithmetic throughout, so two runs and two stacks can be compared to the last "
                + "digit. The `+=` you can point at ([Conv2D.java](" + Sources.link(dir, Sources.REPO_CONV) + "), line "
                + Sources.plusEqualsLineNumber() + "). And no native crashes: ND4J 1.0.0-M2.1 aborts the whole JVM "
                + "on a big-endian `.npy` file, which is why the kit checks every file's header first ([NpyFiles.java]("
                + Sources.link(dir, "kit/src/main/java/lab/kit/NpyFiles.java") + ")).\n\n");
        String summary = dl4j ? String.format("the fast path trains the cnn at %.0fx the naive loops on 2 threads, DL4J at "
                + "%.1fx in double after %.1f s to its first step and %s of jars; DL4J's double gradients are the "
                + "reference's to %.0e", fast2.median() / naive.median(), m.rows().get(3).median() / naive.median(),
                m.rows().get(3).probe().seconds(), mb(m.dl4jBytes()), m.rows().get(3).gradientError())
                : String.format("the fast path trains the cnn at %.0fx the naive loops on 2 threads, in %,d lines "
                + "against the naive conv's %d", fast2.median() / naive.median(), m.fastLines(), m.convLines());
        return new Lesson.Part(md.toString(), summary);
    }

    static String mb(long bytes) {
        return bytes >= 10_000_000 ? String.format("%,.0f MB", bytes / 1e6) : String.format("%.1f MB", bytes / 1e6);
    }

    static String kb(long bytes) {
        return String.format("%,.0f KB", bytes / 1e3);
    }
}
