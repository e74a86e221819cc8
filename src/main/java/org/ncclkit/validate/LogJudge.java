package org.ncclkit.validate;

import java.util.Optional;

import org.ncclkit.check.CheckStep;

/**
 * The verdict on NCCL's log so far (EFA really used? NCCL failures?), over every rank's log; every rank calls it at
 * the same point, rank 0 gets the verdict. Empty where the log was not checked.
 */
public interface LogJudge {
    Optional<CheckStep> judge(String run);
}
