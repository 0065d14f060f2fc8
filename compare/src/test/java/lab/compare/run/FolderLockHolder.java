package lab.compare.run;

/**
 * A process that holds a results folder, for the tests that need another command to hold one: takes
 * {@link FolderLock} on {@code args[0]} for the command {@code args[1]}, prints "holding" once it has it,
 * then sleeps until killed (or two minutes, so a test that dies does not leave it behind for long).
 */
public final class FolderLockHolder {

    private FolderLockHolder() {
    }

    @SuppressWarnings("try") // the lock is held, not used
    public static void main(String[] args) throws InterruptedException {
        try (FolderLock lock = FolderLock.take(java.nio.file.Path.of(args[0]), args[1])) {
            System.out.println("holding");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
