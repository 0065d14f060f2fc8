package lab.compare.run;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The engines on the class path, by name: each registers an {@link Engine.Provider} with ServiceLoader. */
public final class Engines {

    private Engines() {
    }

    /** Every engine found, by name. */
    public static List<Engine.Provider> available() {
        return ServiceLoader.load(Engine.Provider.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(Engine.Provider::name)).toList();
    }

    /** The engine called {@code name}, made with {@code settings}; an unknown name is a one-line error. */
    public static Engine create(String name, Engine.Settings settings) {
        List<Engine.Provider> all = available();
        return all.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown engine '" + name + "'; known here: "
                        + String.join(", ", all.stream().map(Engine.Provider::name).toList())
                        + " (the spark engine is a module of its own: ./lab puts it on the class path when the "
                        + "command names it, --engine spark or --master)"))
                .create(settings);
    }
}
