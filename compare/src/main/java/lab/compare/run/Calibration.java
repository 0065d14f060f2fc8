package lab.compare.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import lab.reference.Trainer;

/**
 * How a plan is priced before its jobs start: each kind of job ({@link Pace.Kind}) is timed on a short run of
 * its own, on the engine that will run the plan. Apart from the {@link Experiment}'s driver, which only
 * calls it, and from {@link Pace}, which only does the arithmetic on what it measures.
 */
final class Calibration {

    private Calibration() {
    }

    /**
     * The calibration run of a job: 3 epochs of 256 images, about a second on the slowest kind here (DL4J's
     * cnn at 28x28). Three, not two: the second epoch of a cold JVM was still several times slower than a
     * warm one on the 8x8 digits. No shift test: the job's evaluation passes are priced apart ({@link Pace}).
     */
    static RunSpec run(RunSpec job) {
        return job.toBuilder().epochs(3).trainSize(256).maxShift(0).build();
    }

    /**
     * Times each kind of job in {@code todo} on the engine: one calibration run each, one at a time, after
     * one untimed run of each; none is stored.
     */
    static Pace pace(List<RunSpec> todo, Splits data, Engine engine, Experiment.Listener listener) {
        Map<Pace.Kind, RunSpec> firsts = new LinkedHashMap<>();
        todo.forEach(s -> firsts.putIfAbsent(Pace.Kind.of(s), run(s)));
        listener.say(String.format("timing %d kind(s) of run (model, stack, data set) on a few epochs of 256 images...",
                firsts.size()));
        Pace pace = new Pace();
        Map<RunSpec, Long> starts = new ConcurrentHashMap<>();
        Engine.Listener timer = new Engine.Listener() {
            @Override
            public Trainer.Listener started(RunSpec spec) {
                starts.put(spec, System.nanoTime());
                return new Trainer.Listener() { };
            }

            @Override
            public void finished(RunResult r) {
                synchronized (pace) {
                    pace.calibrated(Pace.Kind.of(r.spec()), r, (System.nanoTime() - starts.get(r.spec())) / 1e9);
                }
                if (!r.completed()) {
                    listener.say("timing run " + r.spec().data() + " " + r.spec().arch() + " " + r.spec().stack()
                            + ": " + r.status() + (r.error() == null ? "" : " (" + r.error() + ")")
                            + "; its kind is priced from its first finished run");
                }
            }
        };
        // The first run of a kind in a JVM pays once for what every later one finds ready (ND4J's native
        // backend, the JIT's compilations of that model's layers): those runs go first, untimed. One per
        // stack was not enough: a cnn timed after an mlp's warm-up still ran its third epoch at 2.5 to 3.5
        // times its later speed on 8x8 digits, and the plan's estimate came out twice its wall time.
        engine.run(List.copyOf(firsts.values()), data, new Engine.Listener() {
            @Override
            public Trainer.Listener started(RunSpec spec) {
                return new Trainer.Listener() { };
            }

            @Override
            public void finished(RunResult result) {
            }
        });
        for (RunSpec calibration : firsts.values()) {
            // One at a time, so that no kind is timed while another competes with it and with the JIT.
            engine.run(List.of(calibration), data, timer);
        }
        return pace;
    }
}
