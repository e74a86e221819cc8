package org.ncclkit.cluster;

import com.jcraft.jsch.KeyPair;

/** The key types ssh-setup generates: ed25519 (the default), or RSA 4096 as the seed's {@code ssh-keygen -t rsa}. */
public enum KeyType {
    ED25519("ed25519", "id_ed25519", KeyPair.ED25519, 256),
    RSA("rsa", "id_rsa", KeyPair.RSA, 4096);

    private final String label;
    private final String fileName;
    final int jschType;
    final int bits;

    KeyType(String label, String fileName, int jschType, int bits) {
        this.label = label;
        this.fileName = fileName;
        this.jschType = jschType;
        this.bits = bits;
    }

    /** The default private key file name in {@code ~/.ssh}, as ssh-keygen names it. */
    public String fileName() {
        return fileName;
    }

    /** {@code ed25519} or {@code rsa 4096}. */
    public String describe() {
        return this == RSA ? label + " " + bits : label;
    }

    @Override
    public String toString() {
        return label;
    }
}
