package lab.kit;

/**
 * What a check of your own code against DL4J concluded, in the words a person or a course's script reads:
 * {@link LayerCheck.Result} for a layer, {@link LossCheck.Result} for a loss. Not the details: each result
 * keeps its own (the smallest failing case, the per-tensor verdicts).
 */
public interface Verdict {

    /** Every case agreed with DL4J (and with central differences of your own forward). */
    boolean agrees();

    /** One paragraph: agreement with the cases run, or what differs, where, the smallest case, the likely cause. */
    String message();

    /**
     * The classic mistake the disagreement fits, with what to look at ({@link Diagnosis}), or null: none is
     * ever given when everything agrees, nor when no known mistake reproduces what your code computed.
     */
    String hint();

    /**
     * For a course's script: {@code 3/4 tensors agree, 0/30 cases passed}. A tensor agrees when it agreed
     * with DL4J in every case run; a case passes when every tensor and every gradient check did.
     */
    String score();

    /** The {@link #score()} line from each tensor's count of failing cases and the cases passed and run. */
    static String score(java.util.Map<String, Integer> tensorFailures, int casesPassed, int casesRun) {
        long agreeing = tensorFailures.values().stream().filter(f -> f == 0).count();
        return String.format("%d/%d tensors agree, %d/%d cases passed", agreeing, tensorFailures.size(), casesPassed,
                casesRun);
    }
}
