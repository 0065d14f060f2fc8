package lab.compare.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import lab.compare.run.InitChoice;
import lab.compare.run.OptimizerKind;
import lab.compare.study.Block;

/**
 * A named set of training settings, for the settings a command line leaves out: each names whose cell it
 * reproduces. Not a place for numbers of its own where another command has them: {@link #RUN} asks
 * {@code lab run} for its block.
 */
enum Protocol {

    /**
     * {@code lab run}'s cell: Adam lr 0.005, batch 32, He init (auto), the default run's epochs, cnn; on the
     * UCI split ({@code lab run --optdigits DIR}) the book's protocol, as lab run trains it there.
     */
    RUN("cnn") {
        @Override
        Block block(String data) {
            return data.startsWith("optdigits:") ? BOOK.block(data) : RunCommand.block(data);
        }
    },

    /** {@code lab table}'s cell (and {@code lab train}'s settings before it reproduced {@code lab run}'s). */
    TABLE("book-cnn") {
        @Override
        Block block(String data) {
            return new Block(data, List.of("book-mlp", "book-cnn"), OptimizerKind.SGD, 0.1, 32, 20,
                    InitChoice.AUTO);
        }
    },

    /** The book chapter's protocol, on its own split of the UCI digits. */
    BOOK("book-cnn") {
        @Override
        Block block(String data) {
            if (!data.startsWith("optdigits:")) {
                throw new IllegalArgumentException("the book protocol trains on the UCI optdigits split: give --data "
                        + "optdigits:DIR, DIR holding optdigits.tra and optdigits.tes (--data " + data + " was given)");
            }
            return new Block(data, List.of("book-mlp", "book-cnn"), OptimizerKind.SGD, 0.1, 32, 40,
                    InitChoice.UNIFORM);
        }
    };

    /** The architecture when none is given. */
    final String arch;

    Protocol(String arch) {
        this.arch = arch;
    }

    /** Its settings on {@code data}: optimizer, learning rate, batch, epochs, init. */
    abstract Block block(String data);

    /** Its name on the command line. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The protocol {@code name} names, if it is one of {@code known}; {@code otherwise} if no name is given. */
    static Protocol parse(String name, Protocol otherwise, Protocol... known) {
        if (name == null) {
            return otherwise;
        }
        for (Protocol p : known) {
            if (p.label().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + name + "'; known: "
                + Arrays.stream(known).map(Protocol::label).collect(Collectors.joining(", ")));
    }
}
