package org.ncclkit.cli;

/** A command that launched ranks run; it checks its options on the leader before {@code run}, {@code mpirun} or {@code slurm} start or write anything. */
interface RankCommand {
    /**
     * Throws a {@link UsageException} for options the command would refuse on every rank, with what the launcher
     * knows: the number of ranks. Needs no GPU and starts nothing.
     */
    void checkBeforeLaunch(int worldSize);
}
