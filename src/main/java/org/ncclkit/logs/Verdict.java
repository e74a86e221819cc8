package org.ncclkit.logs;

import java.util.List;

/**
 * PASS or FAIL for one log against an {@link Expectation}, with the problems that decided it and notes that did not.
 *
 * @param summary one line: what NCCL used, or how many problems there are
 */
public record Verdict(boolean pass, Expectation expectation, String summary, List<Problem> problems, List<String> notes) {
}
