package org.ncclkit.history;

import org.ncclkit.check.CheckReport;
import org.ncclkit.check.P2pJson;
import org.ncclkit.check.P2pText;
import org.ncclkit.validate.ValidateReport;
import org.ncclkit.validate.ValidateText;

/** The JSON documents that check p2p, check and validate leave in the history, printed again as the command printed them. */
final class CommandDocuments {
    private CommandDocuments() {
    }

    /** The summary of the document of a run of {@code collective} ({@link CommandRows#P2P}, CHECK or VALIDATE). */
    static String summary(String collective, String document) {
        try {
            return switch (collective) {
                case CommandRows.P2P -> P2pText.render(P2pJson.matrix(P2pJson.read(document)));
                case CommandRows.CHECK -> CheckReport.read(document).render();
                case CommandRows.VALIDATE -> ValidateText.render(ValidateReport.read(document));
                default -> throw new HistoryException("a run of " + collective + " has no document of its own");
            };
        } catch (IllegalArgumentException | tools.jackson.core.JacksonException e) {
            throw new HistoryException("the run's " + collective + " document cannot be read: " + e.getMessage());
        }
    }
}
