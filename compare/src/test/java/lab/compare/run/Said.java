package lab.compare.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import lab.reference.Trainer;

/**
 * A plan's listener for tests: prints nothing, keeps what the plan said (resuming, timing, the estimate) and
 * the tally at every job's start and end, in order, for a test to read.
 */
public final class Said implements Experiment.Listener {

    /** The lines said, in order. */
    public final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    /** The tallies the driver handed over, at each start and end, in order. */
    public final List<Experiment.Tally> tallies = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void say(String line) {
        lines.add(line);
    }

    @Override
    public Trainer.Listener started(RunSpec spec, Experiment.Tally tally) {
        tallies.add(tally);
        return new Trainer.Listener() { };
    }

    @Override
    public void finished(RunResult result, Experiment.Tally tally) {
        tallies.add(tally);
    }
}
