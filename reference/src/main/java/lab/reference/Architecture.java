package lab.reference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network architecture as a value: the list of layers that BOTH stacks build from, and its compact
 * text form for the command line. It knows nothing of weights; {@link #layers(Shape)} turns it into
 * reference layers for one input shape, and that is also where every size is checked.
 *
 * <pre>
 * Text form: layers joined by '-', e.g. conv(8,k3,p1)-relu-maxpool(2)-dense(10)
 *   conv(F[,kKH[xKW]][,sSH[xSW]][,pPH[xPW] | ,same][,dDH[xDW]][,nobias])
 *                                   F filters; kernel (default 3), stride (1), zero padding (0), dilation (1);
 *                                   same: DL4J's ConvolutionMode.Same, output ceil(H / SH), the padding split
 *                                   with the odd row at the bottom; nobias: no b
 *   local(F[,k..][,s..][,p..][,nobias])   locally connected: conv's geometry, a kernel per position
 *   dwconv(M[,k..][,s..][,p..][,nobias])  depthwise: M filters per input channel, each seeing only its channel
 *   deconv(F[,k..][,s..][,p..][,nobias])  transposed convolution: OH = (H - 1) SH + KH - 2 PH
 *   maxpool(K)                        K x K windows at stride K that must tile the input exactly
 *   maxpool(kKH[xKW][,sSH[xSW]][,pPH[xPW] | ,same])
 *                                   windows as given; a row or column the last window would run past is
 *                                   dropped (DL4J's Truncate, PyTorch's floor mode); padding never wins a max,
 *                                   and an average divides by the taps inside the input. avgpool the same
 *   gap                             global average pooling: C x H x W -> C, any H and W
 *   upsample(K[xKW])                nearest neighbour: each value repeated K x K times
 *   batchnorm                       batch normalisation in training mode, DL4J's eps 1e-5 and decay 0.9
 *   dense(U[,nobias])               U units; flattens whatever comes in
 *   relu | tanh | sigmoid | leakyrelu[(A)] (A in (0, 1), default 0.01) | softmax (of a vector) | flatten
 * The last layer must be dense(K): its K logits go to softmax + cross-entropy.
 * </pre>
 *
 * <p>Over 300 lines on purpose: the layer records, the presets, the text form's grammar and its parser
 * with the error messages it gives are one description and read best in one file.
 */
public record Architecture(List<Spec> specs) {

    /** One layer of the description. */
    public sealed interface Spec permits Conv, Local, DepthwiseConv, Deconv, Pool, GlobalPool, Upsample, BatchNorm,
            Dense, Activation, Flatten {
    }

    /**
     * A convolution. {@code ph, pw}: the padding on each side, or with {@code same} none given (the layer
     * computes DL4J's Same padding from its input). {@code dh, dw}: dilation, the step between kernel taps.
     */
    public record Conv(int filters, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, boolean same,
                       boolean bias) implements Spec {
        public Conv {
            if (same && (ph != 0 || pw != 0)) {
                throw new IllegalArgumentException("same computes its own padding; give p or same, not both");
            }
        }

        /** The plain conv: no dilation, explicit padding, a bias. */
        public Conv(int filters, int kh, int kw, int sh, int sw, int ph, int pw) {
            this(filters, kh, kw, sh, sw, ph, pw, 1, 1, false, true);
        }

        @Override
        public String toString() {
            return geometry("conv", filters, kh, kw, sh, sw, ph, pw, same) + (dh == 1 && dw == 1 ? "" : ",d"
                    + pair(dh, dw)) + (bias ? "" : ",nobias") + ")";
        }

        /** What the fast kernels compute: no dilation, no Same padding, a bias. */
        public boolean plain() {
            return dh == 1 && dw == 1 && !same && bias;
        }
    }

    /** Locally connected: a conv's receptive fields without weight sharing (see {@link LocallyConnected2D}). */
    public record Local(int filters, int kh, int kw, int sh, int sw, int ph, int pw, boolean bias) implements Spec {
        public Local(int filters, int kh, int kw, int sh, int sw, int ph, int pw) {
            this(filters, kh, kw, sh, sw, ph, pw, true);
        }

        @Override
        public String toString() {
            return geometry("local", filters, kh, kw, sh, sw, ph, pw, false) + (bias ? "" : ",nobias") + ")";
        }
    }

    /**
     * Depthwise convolution: each input channel c convolved with its own {@code multiplier} kernels, giving
     * channels c*M .. c*M + M-1 (DL4J's DepthwiseConvolution2D order); no sum over channels.
     */
    public record DepthwiseConv(int multiplier, int kh, int kw, int sh, int sw, int ph, int pw, boolean bias)
            implements Spec {
        @Override
        public String toString() {
            return geometry("dwconv", multiplier, kh, kw, sh, sw, ph, pw, false) + (bias ? "" : ",nobias") + ")";
        }
    }

    /**
     * Transposed convolution (DL4J's Deconvolution2D): the backward of a conv's input, run forward; each input
     * value spreads its kernel over the output, OH = (H - 1) SH + KH - 2 PH.
     */
    public record Deconv(int filters, int kh, int kw, int sh, int sw, int ph, int pw, boolean bias) implements Spec {
        @Override
        public String toString() {
            return geometry("deconv", filters, kh, kw, sh, sw, ph, pw, false) + (bias ? "" : ",nobias") + ")";
        }
    }

    /** The opening of a windowed layer's text form, up to its geometry: {@code conv(8,k3,s2,p1}, no ')'. */
    static String geometry(String name, int f, int kh, int kw, int sh, int sw, int ph, int pw, boolean same) {
        return name + "(" + f + ",k" + pair(kh, kw) + (sh == 1 && sw == 1 ? "" : ",s" + pair(sh, sw))
                + (ph == 0 && pw == 0 ? "" : ",p" + pair(ph, pw)) + (same ? ",same" : "");
    }

    public enum PoolKind { MAX, AVG }

    /**
     * A max or average pooling. {@code tiles}: the short form {@code maxpool(K)}, whose windows must tile the
     * input exactly (a side they do not tile is an error: the usual cause is an image side the architecture
     * was not made for); the long form drops a row or column the last window would run past, as DL4J's
     * Truncate mode does. {@code ph, pw}: padding on each side, or with {@code same} DL4J's Same padding.
     */
    public record Pool(PoolKind kind, int kh, int kw, int sh, int sw, int ph, int pw, boolean same, boolean tiles)
            implements Spec {
        public Pool {
            if (same && (ph != 0 || pw != 0)) {
                throw new IllegalArgumentException("same computes its own padding; give p or same, not both");
            }
            if (tiles && (kh != kw || sh != sw || kh != sh || ph != 0 || pw != 0 || same)) {
                throw new IllegalArgumentException("the short form pools K x K windows at stride K, no padding");
            }
        }

        /**
         * Without padding: the short form {@code maxpool(K)} when the window is square and its stride, else the
         * long form.
         */
        public Pool(PoolKind kind, int kh, int kw, int sh, int sw) {
            this(kind, kh, kw, sh, sw, 0, 0, false, kh == kw && sh == sw && kh == sh);
        }

        @Override
        public String toString() {
            String name = kind == PoolKind.MAX ? "maxpool" : "avgpool";
            if (tiles) {
                return name + "(" + kh + ")";
            }
            return name + "(k" + pair(kh, kw) + ",s" + pair(sh, sw) + (ph == 0 && pw == 0 ? "" : ",p" + pair(ph, pw))
                    + (same ? ",same" : "") + ")";
        }
    }

    /** Global average pooling: each channel's mean over all positions (see {@link GlobalAvgPool}). */
    public record GlobalPool() implements Spec {
        @Override
        public String toString() {
            return "gap";
        }
    }

    /** Nearest-neighbour upsampling (DL4J's Upsampling2D): each value repeated KH x KW times. */
    public record Upsample(int kh, int kw) implements Spec {
        @Override
        public String toString() {
            return "upsample(" + pair(kh, kw) + ")";
        }
    }

    /**
     * Batch normalisation in training mode, per channel (over N, H and W) or per feature of a vector, with
     * DL4J's defaults: eps 1e-5, and running statistics updated with decay 0.9 (see {@link BatchNorm}).
     */
    public record BatchNorm() implements Spec {
        @Override
        public String toString() {
            return "batchnorm";
        }
    }

    public record Dense(int units, boolean bias) implements Spec {
        public Dense(int units) {
            this(units, true);
        }

        @Override
        public String toString() {
            return "dense(" + units + (bias ? "" : ",nobias") + ")";
        }
    }

    public enum ActivationKind { RELU, TANH, SIGMOID, LEAKYRELU, SOFTMAX }

    /** DL4J's leaky ReLU slope, and the default of {@code leakyrelu}. */
    public static final double LEAKY_ALPHA = 0.01;

    /** An activation; {@code alpha} is leaky ReLU's slope below 0 (0 for the others). */
    public record Activation(ActivationKind kind, double alpha) implements Spec {
        public Activation {
            if (kind == ActivationKind.LEAKYRELU ? !(alpha > 0 && alpha < 1) : alpha != 0) {
                throw new IllegalArgumentException(kind == ActivationKind.LEAKYRELU
                        ? "leakyrelu's slope must be between 0 and 1, got " + alpha : kind + " takes no slope");
            }
        }

        public Activation(ActivationKind kind) {
            this(kind, kind == ActivationKind.LEAKYRELU ? LEAKY_ALPHA : 0);
        }

        @Override
        public String toString() {
            String name = kind.name().toLowerCase(Locale.ROOT);
            return kind == ActivationKind.LEAKYRELU
                    ? name + "(" + java.math.BigDecimal.valueOf(alpha).stripTrailingZeros().toPlainString() + ")" : name;
        }
    }

    public record Flatten() implements Spec {
        @Override
        public String toString() {
            return "flatten";
        }
    }

    /**
     * A named architecture: its text form, the initialiser its protocol uses when a run names none (the
     * book's models come with the book's uniform init, the experiment's with He), and the side of the
     * square images it was made for (the book's models 8, for its 8x8 digits; the experiment's 28, though
     * they fit any side divisible by 4), which checks and benchmarks of a preset alone use.
     */
    public record Preset(String name, String text, Init defaultInit, int side) {
    }

    /** The named presets, in a stable order. Parameter counts are computed from these, never typed. */
    private static final List<Preset> PRESET_LIST = List.of(
            // The book chapter's two models (8x8 input): 2,410 and 1,490 parameters.
            new Preset("book-mlp", "dense(32)-tanh-dense(10)", Init.UNIFORM, 8),
            new Preset("book-cnn", "conv(4,k3)-relu-dense(10)", Init.UNIFORM, 8),
            // The experiment's models, for any square side divisible by 4 (8x8 and 28x28).
            new Preset("mlp", "dense(128)-relu-dense(10)", Init.HE, 28),
            new Preset("cnn", "conv(8,k3,p1)-relu-maxpool(2)-conv(16,k3,p1)-relu-maxpool(2)-dense(10)", Init.HE, 28),
            // cnn with each conv made locally connected: the same receptive fields, no weight sharing.
            new Preset("lcn", "local(8,k3,p1)-relu-maxpool(2)-local(16,k3,p1)-relu-maxpool(2)-dense(10)", Init.HE, 28),
            // cnn with a third conv and a head that averages each channel over the whole map, so the head does
            // not care where a feature is. 64 channels there: with 32 it reached 90% on mnist10k in 3 Adam
            // epochs (cnn: 96%), with 64 94%, and 90% still on test digits shifted by 2 pixels (cnn: 83%).
            new Preset("cnn-gap", "conv(8,k3,p1)-relu-maxpool(2)-conv(16,k3,p1)-relu-maxpool(2)-conv(64,k3,p1)"
                    + "-relu-gap-dense(10)", Init.HE, 28));

    /** The named presets, name -> text form. */
    public static final Map<String, String> PRESETS;

    /** Preset names in a stable order, for help texts. */
    public static final List<String> PRESET_ORDER;

    static {
        Map<String, String> p = new LinkedHashMap<>();
        for (Preset preset : PRESET_LIST) {
            p.put(preset.name(), preset.text());
        }
        PRESETS = Map.copyOf(p);
        PRESET_ORDER = List.copyOf(p.keySet());
    }

    /** Every preset, in {@link #PRESET_ORDER}. */
    public static List<Preset> presets() {
        return PRESET_LIST;
    }

    /** The preset of this name, if {@code nameOrText} names one (rather than giving a text form). */
    public static java.util.Optional<Preset> preset(String nameOrText) {
        String name = nameOrText.trim();
        return PRESET_LIST.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * The initialiser a run of {@code nameOrText} uses when it names none: the preset's own
     * ({@link Preset#defaultInit()}: uniform for the book's models), He for any other architecture.
     */
    public static Init defaultInit(String nameOrText) {
        return preset(nameOrText).map(Preset::defaultInit).orElse(Init.HE);
    }

    public Architecture {
        specs = List.copyOf(specs);
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("an architecture needs at least one layer");
        }
        if (!(specs.get(specs.size() - 1) instanceof Dense)) {
            throw new IllegalArgumentException("architecture '" + text(specs) + "' must end with dense(K): its K"
                    + " outputs are the logits that softmax + cross-entropy read (it ends with "
                    + specs.get(specs.size() - 1) + ")");
        }
    }

    /** A preset name ({@link #PRESETS}) or a text form. */
    public static Architecture of(String nameOrText) {
        String preset = PRESETS.get(nameOrText.trim());
        return parse(preset != null ? preset : nameOrText);
    }

    private static final Pattern TOKEN = Pattern.compile("([a-z]+)(?:\\(([^()]*)\\))?");
    private static final Pattern PAIR = Pattern.compile("(\\d{1,6})(?:x(\\d{1,6}))?");

    /**
     * Parses the text form; a malformed one throws, naming the token and what is wrong with it. A text with no
     * bracket cannot be one (it must end with dense(K)): it was meant as a preset's name, and its error lists
     * the presets beside the layers.
     */
    public static Architecture parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty architecture; give a preset (" + String.join(", ", PRESET_ORDER)
                    + ") or layers such as conv(4,k3)-relu-dense(10)");
        }
        try {
            return new Architecture(parseLayers(text));
        } catch (IllegalArgumentException e) {
            if (text.contains("(")) {
                throw e;
            }
            throw new IllegalArgumentException("unknown architecture '" + text.trim() + "'; give a preset ("
                    + String.join(", ", PRESET_ORDER) + ") or layers (" + LAYERS
                    + ") such as conv(4,k3)-relu-dense(10)", e);
        }
    }

    /** The layers' names, for errors. */
    private static final String LAYERS = "conv, local, dwconv, deconv, maxpool, avgpool, gap, upsample, batchnorm, dense,"
            + " relu, tanh, sigmoid, leakyrelu, softmax, flatten";

    /**
     * The layers of a text form with no rule about the last one: a piece of a network, such as one layer
     * to check on its own ({@code conv(4,k3,s2,p1)}, {@code maxpool(2)}, {@code conv(4,k3)-relu}).
     */
    public static List<Spec> parseLayers(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no layers given; write them in the text form, e.g. conv(4,k3,s2,p1)");
        }
        String[] tokens = text.trim().toLowerCase(Locale.ROOT).split("-", -1);
        List<Spec> specs = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i].trim();
            try {
                specs.add(parseToken(token));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("architecture '" + text.trim() + "', layer " + (i + 1) + " '"
                        + token + "': " + e.getMessage(), e);
            }
        }
        return List.copyOf(specs);
    }

    private static Spec parseToken(String token) {
        Matcher m = TOKEN.matcher(token);
        if (!m.matches()) {
            throw new IllegalArgumentException(token.isEmpty() ? "empty layer (two '-' in a row, or one at an end?)"
                    : "not of the form name or name(args)");
        }
        String name = m.group(1);
        List<String> args = m.group(2) == null || m.group(2).isBlank() ? List.of()
                : List.of(m.group(2).split(",", -1));
        switch (name) {
            case "relu", "tanh", "sigmoid", "softmax", "flatten", "gap", "batchnorm" -> {
                if (!args.isEmpty()) {
                    throw new IllegalArgumentException(name + " takes no arguments");
                }
                return switch (name) {
                    case "flatten" -> new Flatten();
                    case "gap" -> new GlobalPool();
                    case "batchnorm" -> new BatchNorm();
                    default -> new Activation(ActivationKind.valueOf(name.toUpperCase(Locale.ROOT)));
                };
            }
            case "leakyrelu" -> {
                if (args.isEmpty()) {
                    return new Activation(ActivationKind.LEAKYRELU);
                }
                String a = args.get(0).trim();
                if (args.size() != 1 || !a.matches("0?\\.\\d{1,12}")) {
                    throw new IllegalArgumentException("leakyrelu takes one argument, its slope below 0, a decimal "
                            + "between 0 and 1: leakyrelu(0.2) (default " + LEAKY_ALPHA + ")");
                }
                return new Activation(ActivationKind.LEAKYRELU, Double.parseDouble(a));
            }
            case "dense" -> {
                if (args.isEmpty() || args.size() > 2 || args.size() == 2 && !args.get(1).trim().equals("nobias")) {
                    throw new IllegalArgumentException("dense takes one argument, its number of units, and nobias "
                            + "for no b: dense(10) or dense(10,nobias)");
                }
                return new Dense(positive(args.get(0).trim(), "units"), args.size() == 1);
            }
            case "conv", "local", "dwconv", "deconv" -> {
                String first = name.equals("dwconv") ? "depth multiplier" : "filters";
                if (args.isEmpty()) {
                    throw new IllegalArgumentException(name + " needs its number of " + first + ": " + name + "(8) or "
                            + name + "(8,k3,p1)");
                }
                int count = positive(args.get(0).trim(), first);
                int[] k = {3, 3}, s = {1, 1}, p = {0, 0}, d = {1, 1};
                boolean same = false, bias = true, conv = name.equals("conv");
                for (String arg : args.subList(1, args.size())) {
                    String a = arg.trim();
                    if (a.equals("nobias")) {
                        bias = false;
                    } else if (a.equals("same")) {
                        if (!conv) {
                            throw unknownArgument(name, a);
                        }
                        same = true;
                    } else {
                        switch (a.isEmpty() ? ' ' : a.charAt(0)) {
                            case 'k' -> k = pair(a, "kernel", 1);
                            case 's' -> s = pair(a, "stride", 1);
                            case 'p' -> p = pair(a, "padding", 0);
                            case 'd' -> {
                                if (!conv) {
                                    throw unknownArgument(name, a);
                                }
                                d = pair(a, "dilation", 1);
                            }
                            default -> throw unknownArgument(name, a);
                        }
                    }
                }
                return switch (name) {
                    case "conv" -> new Conv(count, k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], same, bias);
                    case "local" -> new Local(count, k[0], k[1], s[0], s[1], p[0], p[1], bias);
                    case "dwconv" -> new DepthwiseConv(count, k[0], k[1], s[0], s[1], p[0], p[1], bias);
                    default -> new Deconv(count, k[0], k[1], s[0], s[1], p[0], p[1], bias);
                };
            }
            case "maxpool", "avgpool" -> {
                PoolKind kind = name.equals("maxpool") ? PoolKind.MAX : PoolKind.AVG;
                if (args.size() == 1 && args.get(0).trim().matches("\\d*")) {
                    int size = positive(args.get(0).trim(), "window size");
                    return new Pool(kind, size, size, size, size, 0, 0, false, true);
                }
                int[] k = null, s = null, p = {0, 0};
                boolean same = false;
                for (String arg : args) {
                    String a = arg.trim();
                    if (a.equals("same")) {
                        same = true;
                        continue;
                    }
                    switch (a.isEmpty() ? ' ' : a.charAt(0)) {
                        case 'k' -> k = pair(a, "window", 1);
                        case 's' -> s = pair(a, "stride", 1);
                        case 'p' -> p = pair(a, "padding", 0);
                        default -> throw new IllegalArgumentException("unknown " + name + " argument '" + a
                                + "'; use " + name + "(2) or " + name + "(kH[xW],sH[xW],pH[xW]) or with same for p");
                    }
                }
                if (k == null) {
                    throw new IllegalArgumentException(name + " needs a window: " + name + "(2) or " + name + "(k3,s2)");
                }
                if (s == null) {
                    s = k; // non-overlapping windows unless told otherwise
                }
                return new Pool(kind, k[0], k[1], s[0], s[1], p[0], p[1], same, false);
            }
            case "upsample" -> {
                if (args.size() != 1) {
                    throw new IllegalArgumentException("upsample takes one argument, its factor: upsample(2) or "
                            + "upsample(2x3)");
                }
                int[] f = pair(args.get(0).trim(), "", "factor", 1);
                return new Upsample(f[0], f[1]);
            }
            default -> throw new IllegalArgumentException("unknown layer '" + name + "'; known: " + LAYERS);
        }
    }

    private static IllegalArgumentException unknownArgument(String name, String a) {
        return new IllegalArgumentException("unknown " + name + " argument '" + a + "'; use kH[xW] (kernel), sH[xW] "
                + "(stride), pH[xW] (padding)" + (name.equals("conv") ? ", dH[xW] (dilation), same" : "")
                + ", nobias");
    }

    private static int positive(String s, String what) {
        if (!s.matches("\\d+") || s.length() > 6 || Integer.parseInt(s) < 1) {
            throw new IllegalArgumentException(what + " must be a whole number from 1 to 999999, got '" + s + "'");
        }
        return Integer.parseInt(s);
    }

    /** "k3" -> {3, 3}; "k3x5" -> {3, 5} (height x width). */
    private static int[] pair(String arg, String what, int min) {
        return pair(arg, arg.substring(0, 1), what, min);
    }

    /** A pair after its letter {@code prefix} ("" for upsample's bare factor). */
    private static int[] pair(String arg, String prefix, String what, int min) {
        Matcher m = PAIR.matcher(arg.substring(prefix.length()));
        if (!m.matches()) {
            throw new IllegalArgumentException(what + " '" + arg + "' should be " + prefix + "N or "
                    + prefix + "HxW with whole numbers of up to six digits");
        }
        int a = Integer.parseInt(m.group(1));
        int b = m.group(2) == null ? a : Integer.parseInt(m.group(2));
        if (a < min || b < min) {
            throw new IllegalArgumentException(what + " '" + arg + "' must be at least " + min);
        }
        return new int[] {a, b};
    }

    static String pair(int a, int b) {
        return a == b ? Integer.toString(a) : a + "x" + b;
    }

    /**
     * The reference layers for this architecture on input {@code in}, parameters all zero (see
     * {@link Network}). Every size is checked here; a layer that does not fit throws, naming its
     * position, itself and the sizes.
     */
    public List<Layer> layers(Shape in) {
        return layers(specs, in);
    }

    /** As {@link #layers(Shape)}, for any list of layers: a whole network or a piece of one. */
    public static List<Layer> layers(List<Spec> specs, Shape in) {
        List<Layer> layers = new ArrayList<>();
        Shape shape = in;
        for (int i = 0; i < specs.size(); i++) {
            Spec spec = specs.get(i);
            try {
                Layer layer;
                if (spec instanceof Conv c) {
                    layer = new Conv2D(shape, c.filters(), c.kh(), c.kw(), c.sh(), c.sw(), c.ph(), c.pw(), c.dh(), c.dw(),
                            c.same(), c.bias());
                } else if (spec instanceof Local l) {
                    layer = new LocallyConnected2D(shape, l.filters(), l.kh(), l.kw(), l.sh(), l.sw(), l.ph(), l.pw(),
                            l.bias());
                } else if (spec instanceof GlobalPool) {
                    layer = new GlobalAvgPool(shape);
                } else if (spec instanceof Pool p) {
                    layer = p.kind() == PoolKind.MAX
                            ? new MaxPool2D(shape, p.kh(), p.kw(), p.sh(), p.sw(), p.ph(), p.pw(), p.same(), p.tiles())
                            : new AvgPool2D(shape, p.kh(), p.kw(), p.sh(), p.sw(), p.ph(), p.pw(), p.same(), p.tiles());
                } else if (spec instanceof Dense d) {
                    layer = new lab.reference.Dense(shape, d.units(), d.bias());
                } else if (spec instanceof DepthwiseConv c) {
                    layer = new DepthwiseConv2D(shape, c.multiplier(), c.kh(), c.kw(), c.sh(), c.sw(), c.ph(), c.pw(),
                            c.bias());
                } else if (spec instanceof Deconv c) {
                    layer = new Deconv2D(shape, c.filters(), c.kh(), c.kw(), c.sh(), c.sw(), c.ph(), c.pw(), c.bias());
                } else if (spec instanceof Upsample u) {
                    layer = new Upsample2D(shape, u.kh(), u.kw());
                } else if (spec instanceof BatchNorm) {
                    layer = new lab.reference.BatchNorm(shape);
                } else if (spec instanceof Activation a) {
                    layer = switch (a.kind()) {
                        case RELU -> new ReLU(shape);
                        case TANH -> new Tanh(shape);
                        case SIGMOID -> new Sigmoid(shape);
                        case LEAKYRELU -> new LeakyReLU(shape, a.alpha());
                        case SOFTMAX -> new Softmax(shape);
                    };
                } else {
                    layer = new lab.reference.Flatten(shape);
                }
                layers.add(layer);
                shape = layer.outputShape();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("architecture '" + text(specs) + "' on input " + in + ": layer "
                        + (i + 1) + " " + spec + " gets input " + shape + ": " + e.getMessage(), e);
            }
        }
        return layers;
    }

    /** Number of classes: the units of the final dense layer. */
    public int classes() {
        return ((Dense) specs.get(specs.size() - 1)).units();
    }

    /** Total trainable parameters on input {@code in}, counted from the layers themselves. */
    public long parameterCount(Shape in) {
        long count = 0;
        for (Layer layer : layers(in)) {
            for (Param p : layer.params()) {
                count += p.size();
            }
        }
        return count;
    }

    /** The canonical text form of a list of layers, as {@link #toString()} gives it for a whole network. */
    public static String text(List<Spec> specs) {
        return String.join("-", specs.stream().map(Spec::toString).toList());
    }

    /** The canonical text form; {@code parse(a.toString()).equals(a)}. */
    @Override
    public String toString() {
        return text(specs);
    }
}
