package org.ncclkit.check;

import java.util.List;

/** One size pair of the transfer test: the sender posts {@code send} bytes into receives of {@code receive} bytes. */
public record MessageSize(long send, long receive) {
    /** aws-ofi-nccl's nccl_message_transfer pairs. */
    public static final List<MessageSize> AWS_OFI_NCCL = List.of(new MessageSize(512, 512), new MessageSize(4096, 4096),
            new MessageSize(16384, 16384), new MessageSize(1 << 20, 1 << 20), new MessageSize(5120, 4096),
            new MessageSize(17408, 16384), new MessageSize(2 << 20, 1 << 20), new MessageSize(4096, 5120),
            new MessageSize(16384, 17408), new MessageSize(1 << 20, 2 << 20));

    public MessageSize {
        if (send < 1 || receive < 1) {
            throw new IllegalArgumentException("message sizes must be at least 1 byte, not " + send + ":" + receive);
        }
    }

    /** "4K", or "5K->4K" when the receive differs. */
    @Override
    public String toString() {
        return send == receive ? human(send) : human(send) + "->" + human(receive);
    }

    static String human(long bytes) {
        if (bytes % (1 << 20) == 0) return (bytes >> 20) + "M";
        if (bytes % 1024 == 0) return (bytes >> 10) + "K";
        return Long.toString(bytes);
    }
}
