package dev.lablink.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** session.repository cloned with real git from a bare repository the test makes, as a lab's would be. */
class RepositoryCloneTest {
    @TempDir
    Path dir;

    /** A bare repository with a commit on main and one more on the branch workshop-2026. */
    static Path labRepository(Path dir) throws Exception {
        Path bare = dir.resolve("analysis.git");
        Path work = dir.resolve("work");
        git(dir, "init", "--bare", "--initial-branch=main", bare.toString());
        git(dir, "init", "--initial-branch=main", work.toString());
        Files.writeString(work.resolve("README.md"), "# analysis\n");
        git(work, "add", "README.md");
        git(work, "-c", "user.name=Lab", "-c", "user.email=lab@example.org", "commit", "-q", "-m", "first");
        git(work, "checkout", "-q", "-b", "workshop-2026");
        Files.writeString(work.resolve("exercise.ipynb"), "{}\n");
        git(work, "add", "exercise.ipynb");
        git(work, "-c", "user.name=Lab", "-c", "user.email=lab@example.org", "commit", "-q", "-m", "exercise");
        git(work, "push", "-q", bare.toString(), "main", "workshop-2026");
        return bare;
    }

    static void git(Path in, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    @Test
    void theRepositoryIsClonedShallowAtItsRefIntoAFolderOfItsName() throws Exception {
        Path bare = labRepository(dir);
        Path files = dir.resolve("session");

        RepositoryClone clone = new RepositoryClone(bare.toString(), "workshop-2026", files, dir);

        assertThat(clone.cloneOnce()).isEmpty();
        assertThat(files.resolve("analysis/exercise.ipynb")).exists();
        assertThat(files.resolve("analysis/.git/shallow")).exists();
        assertThat(clone.cloneOnce()).as("an agent restart clones no second time").isEmpty();
    }

    @Test
    void aMissingRepositoryIsTheReasonWithGitsLastLine() throws Exception {
        Path missing = dir.resolve("nowhere.git");

        RepositoryClone clone = new RepositoryClone(missing.toString(), null, dir.resolve("session"), dir);

        assertThat(clone.cloneOnce()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("could not clone " + missing + ": fatal: ")
                .contains("does not appear to be a git repository"));
    }

    @Test
    void aMissingRefIsTheReason() throws Exception {
        Path bare = labRepository(dir);

        RepositoryClone clone = new RepositoryClone(bare.toString(), "workshop-1999", dir.resolve("session"), dir);

        assertThat(clone.cloneOnce()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("could not clone " + bare + " at workshop-1999: ")
                .contains("workshop-1999 not found"));
    }

    @Test
    void credentialsInTheAddressNeverReachTheReason() {
        assertThat(Redact.userInfo("could not clone https://lab-bot:ghp_secret@github.com/lab/analysis.git: fatal: Authentication failed"))
                .isEqualTo("could not clone https://***@github.com/lab/analysis.git: fatal: Authentication failed");
        assertThat(RepositoryClone.folderOf("git@github.com:lab/analysis.git")).isEqualTo("analysis");
        assertThat(RepositoryClone.folderOf("https://github.com/lab/analysis/")).isEqualTo("analysis");
    }
}
