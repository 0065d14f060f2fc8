package lab.reference;

/**
 * Accuracy and confusion matrix of a network on a dataset. {@code confusion[actual][predicted]} counts
 * examples; the diagonal is what was right.
 */
public record Evaluation(int[][] confusion) {

    /** Predicts every example of {@code data}, {@code batchSize} at a time. */
    public static Evaluation of(Model net, Dataset data, int batchSize) {
        int k = data.classes();
        int[][] confusion = new int[k][k];
        int[] order = new int[data.size()];
        java.util.Arrays.setAll(order, i -> i);
        for (int from = 0; from < data.size(); from += batchSize) {
            Dataset.Batch b = data.batch(order, from, Math.min(from + batchSize, data.size()));
            int[] predicted = net.predict(b.x(), b.n());
            for (int i = 0; i < b.n(); i++) {
                confusion[b.y()[i]][predicted[i]]++;
            }
        }
        return new Evaluation(confusion);
    }

    public int total() {
        int total = 0;
        for (int[] row : confusion) {
            for (int count : row) {
                total += count;
            }
        }
        return total;
    }

    public int correct() {
        int correct = 0;
        for (int i = 0; i < confusion.length; i++) {
            correct += confusion[i][i];
        }
        return correct;
    }

    public double accuracy() {
        return (double) correct() / total();
    }

    /** The matrix as text: one row per actual class, one column per predicted class. */
    public String confusionTable() {
        StringBuilder sb = new StringBuilder("actual\\pred");
        for (int j = 0; j < confusion.length; j++) {
            sb.append(String.format("%6d", j));
        }
        sb.append('\n');
        for (int i = 0; i < confusion.length; i++) {
            sb.append(String.format("%11d", i));
            for (int count : confusion[i]) {
                sb.append(String.format("%6d", count));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
