package org.ncclkit.info;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of a NET plugin file without loading it: aws-ofi-nccl logs {@code "Initializing " PACKAGE_STRING}, so its
 * library holds the literal "aws-ofi-nccl 1.16.3"; any other plugin is named by the start of its SHA-256, which is
 * enough to tell two builds apart across nodes.
 */
public final class NetPluginVersion {
    private static final Pattern AWS_OFI_NCCL = Pattern.compile("aws-ofi-nccl (\\d+\\.\\d+\\.\\d+[0-9A-Za-z.+~-]*)");
    private static final int DIGEST_HEX_DIGITS = 12;

    private NetPluginVersion() {
    }

    /** "aws-ofi-nccl 1.16.3", "sha256:0123456789ab", or "unreadable (reason)". */
    public static String of(Path plugin) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(plugin);
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
        // ISO-8859-1 maps every byte to one char, so the pattern can run over a binary
        Matcher m = AWS_OFI_NCCL.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        if (m.find()) {
            return "aws-ofi-nccl " + m.group(1);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "sha256:" + HexFormat.of().formatHex(digest).substring(0, DIGEST_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
