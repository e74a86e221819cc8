package org.ncclkit.testing;

import java.nio.file.Files;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.ncclkit.launch.LaunchEnvironmentException;
import org.ncclkit.launch.MpirunExecutable;

/** The mpirun that ncclkit would use on this machine; tests that need one are skipped, with the reason, without it. */
public final class InstalledMpirun {
    private InstalledMpirun() {
    }

    public static String pathOrSkip() {
        try {
            return MpirunExecutable.find(Optional.empty(), System.getenv("PATH"), Files::isExecutable);
        } catch (LaunchEnvironmentException e) {
            Assumptions.abort("[mpirun tests] skipped: no Open MPI on this machine (apt-get install openmpi-bin): " + e.getMessage());
            throw e; // not reached: abort throws
        }
    }
}
