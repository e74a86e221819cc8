package org.ncclkit.cluster;

import java.util.Vector;

import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;

/** The key files first, then the agent's keys, as one list for JSch; adding or removing keys is not offered. */
final class CombinedIdentities implements IdentityRepository {
    private final IdentityRepository files;
    private final IdentityRepository agent;

    CombinedIdentities(IdentityRepository files, IdentityRepository agent) {
        this.files = files;
        this.agent = agent;
    }

    @Override
    public String getName() {
        return "key files and ssh-agent";
    }

    @Override
    public int getStatus() {
        return RUNNING;
    }

    @Override
    public Vector<Identity> getIdentities() {
        Vector<Identity> identities = new Vector<>(files.getIdentities());
        try {
            if (agent.getStatus() == RUNNING) {
                identities.addAll(agent.getIdentities());
            }
        } catch (RuntimeException e) {
            // the agent went away: the files are still worth trying
        }
        return identities;
    }

    @Override
    public boolean add(byte[] identity) {
        return false;
    }

    @Override
    public boolean remove(byte[] blob) {
        return false;
    }

    @Override
    public void removeAll() {
    }
}
